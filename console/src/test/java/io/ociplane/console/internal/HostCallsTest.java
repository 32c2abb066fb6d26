package io.ociplane.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Dispatcher;
import io.ociplane.jsonrpc.internal.dispatch.PluginDirectory;
import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.local.LocalSession;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.PluginApi;

/** The requests the commands build and how they read answers, against the host's real codec and dispatcher. */
class HostCallsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PluginApi echo = PluginApi.builder()
            .method("echo", JsonNode.class, params -> params)
            .method("fail", JsonNode.class, params -> {
                throw new JsonRpcException(CoreError.GENERAL, null, "no container '" + params.path("containerId")
                        .asText() + "'");
            }).build();

    /** A session as the host's local endpoint opens one, over the dispatcher of an R4 host serving Echo. */
    private LocalSession session() {
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Dispatcher dispatcher = new Dispatcher(new PluginDirectory() {
            @Override
            public boolean knows(String callsign) {
                return "Echo".equals(callsign);
            }

            @Override
            public PluginApi awaitActive(String callsign) {
                return echo;
            }
        }, new Subscriptions(codec), codec, "Controller");
        return new LocalSession() {
            @Override
            public String call(String request) {
                try {
                    return new String(dispatcher.dispatch(codec.readRequest(request), null, null, Caller.TRUSTED)
                            .body(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void resultOfTheCallWithItsParams() throws Refused {
        HostCalls calls = new HostCalls(mapper, session());
        JsonNode result = calls.call("Echo.1.echo", calls.params().put("containerId", "a b\"c"));
        assertEquals("{\"containerId\":\"a b\\\"c\"}", result.toString());
    }

    @Test
    void anErrorIsRefusedWithItsMessageCodeAndReason() {
        HostCalls calls = new HostCalls(mapper, session());
        Refused r = assertThrows(Refused.class, () -> calls.call("Echo.1.fail", calls.params().put("containerId", "x")));
        assertEquals("Echo.1.fail: ERROR_GENERAL (1): no container 'x'", r.getMessage());
        Refused unknown = assertThrows(Refused.class, () -> calls.call("Nope.1.status", null));
        assertEquals("Nope.1.status: Could not access requested service (-32603): no plugin with callsign 'Nope'",
                unknown.getMessage());
    }

    @Test
    void aClosedSessionIsReportedAsAHostThatWentAway() {
        HostCalls calls = new HostCalls(mapper, new LocalSession() {
            @Override
            public String call(String request) {
                throw new IllegalStateException("the session is closed");
            }

            @Override
            public void close() {
            }
        });
        Refused r = assertThrows(Refused.class, () -> calls.call("Echo.1.echo", null));
        assertEquals("Echo.1.echo: the JSON-RPC host went away (the session is closed); try again", r.getMessage());
    }
}
