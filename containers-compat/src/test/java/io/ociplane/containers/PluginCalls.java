package io.ociplane.containers;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Dispatcher;
import io.ociplane.jsonrpc.internal.dispatch.PluginDirectory;
import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.PluginApi;

/** Calls a plugin's API through the host's dispatcher, as a root client would, and gives the reply's text. */
final class PluginCalls {

    private record Host(JsonCodec codec, Dispatcher dispatcher) {
    }

    private final Map<WireProfile, Host> hosts = new EnumMap<>(WireProfile.class);
    private final PluginApi api;

    PluginCalls(PluginApi api) {
        this.api = api;
        for (WireProfile profile : WireProfile.values()) {
            JsonCodec codec = new JsonCodec(profile);
            hosts.put(profile, new Host(codec, new Dispatcher(new PluginDirectory() {
                @Override
                public boolean knows(String callsign) {
                    return true;
                }

                @Override
                public PluginApi awaitActive(String callsign) {
                    return PluginCalls.this.api;
                }
            }, new Subscriptions(codec), codec, "Controller")));
        }
    }

    /** The reply to {@code Containers.1.<method>} with {@code params} (JSON text, or {@code null} for none). */
    String reply(WireProfile profile, String method, String params) {
        Host host = hosts.get(profile);
        String request = "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"Containers.1." + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
        try {
            byte[] body = host.dispatcher().dispatch(host.codec().readRequest(request), null, null, Caller.TRUSTED)
                    .body();
            return new String(body, StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The reply without its {@code data} member: reasons are for people. */
    String call(WireProfile profile, String method, String params) {
        return reply(profile, method, params).replaceFirst(",\"data\":\"[^\"]*\"", "");
    }
}
