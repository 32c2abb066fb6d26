package io.ociplane.jsonrpc.internal.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.ociplane.jsonrpc.internal.wire.Designator;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.Request;
import io.ociplane.jsonrpc.internal.wire.WireError;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * Routes one JSON-RPC request to its plugin and turns the outcome into a response, following the profile's wire
 * rules: designator resolution, activation and version checks, the built-ins ({@code exists}, {@code register},
 * {@code unregister}, {@code versions}), property get/set and error mapping. Transport-neutral.
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Integer EXISTS = 0;
    private static final Integer NOT_EXISTS = 22;

    private final PluginDirectory plugins;
    private final Subscriptions subscriptions;
    private final JsonCodec codec;
    private final WireProfile profile;
    private final String brokerCallsign;
    private final Registered registered;

    /** Told of every registration made, before its reply goes: a plugin may answer it with events at once. */
    @FunctionalInterface
    public interface Registered {
        void registered(String callsign, Subscriptions.Subscription subscription);
    }

    /**
     * @param brokerCallsign the callsign a designator without callsign means on the broker endpoint
     *            ({@code Controller})
     */
    public Dispatcher(PluginDirectory plugins, Subscriptions subscriptions, JsonCodec codec, String brokerCallsign) {
        this(plugins, subscriptions, codec, brokerCallsign, (callsign, s) -> { });
    }

    public Dispatcher(PluginDirectory plugins, Subscriptions subscriptions, JsonCodec codec, String brokerCallsign,
            Registered registered) {
        this.plugins = plugins;
        this.subscriptions = subscriptions;
        this.codec = codec;
        this.profile = codec.profile();
        this.brokerCallsign = brokerCallsign;
        this.registered = registered;
    }

    /**
     * @param endpointCallsign the callsign of a {@code /jsonrpc/<callsign>} endpoint, or {@code null} for the
     *            broker endpoint {@code /jsonrpc}
     * @param channel the connection events go to, or {@code null} when the transport cannot carry events
     * @param caller who sent it: asked before anything about the callsign is looked up or revealed
     */
    public Reply dispatch(Request request, String endpointCallsign, Channel channel, Caller caller) {
        try {
            Object result = invoke(request, endpointCallsign, channel, caller);
            return request.isNotification() ? Reply.NONE : new Reply(codec.result(request.id(), result), false);
        } catch (Denied d) {
            WireError error = profile.notAllowed(d.getMessage());
            return new Reply(profile.echoesRefusedRequest() ? codec.errorEcho(request, error)
                    : codec.error(request.id(), error), true, true);
        } catch (Failure f) {
            return new Reply(codec.error(request.id(), f.error), true);
        }
    }

    /** The reply to a message that could not be read as a request. */
    public Reply malformed(JsonNode id, WireError error) {
        return new Reply(codec.error(id, error), true);
    }

    private Object invoke(Request request, String endpointCallsign, Channel channel, Caller caller)
            throws Failure, Denied {
        Designator d = Designator.parse(request.method());
        String callsign = d.callsign();
        if (endpointCallsign != null) {
            if (!callsign.isEmpty() && !callsign.equals(endpointCallsign)) {
                throw new Failure(profile.map(CoreError.INVALID_DESIGNATOR)
                        .withData("the method names callsign '" + callsign + "' on the endpoint of '"
                                + endpointCallsign + "'"));
            }
            callsign = endpointCallsign;
        } else if (callsign.isEmpty()) {
            callsign = brokerCallsign;
        }
        if (!caller.allows(callsign, d.method())) {
            throw new Denied("'" + callsign + "." + d.method() + "' is not allowed for this caller");
        }
        if (!plugins.knows(callsign)) {
            throw new Failure(profile.unknownCallsign().withData("no plugin with callsign '" + callsign + "'"));
        }
        PluginApi api = plugins.awaitActive(callsign);
        if (api == null) {
            throw new Failure(profile.notActive().withData("plugin '" + callsign + "' is not activated"));
        }
        if (d.hasVersion() && !api.versions().contains(d.version())) {
            throw new Failure(profile.unsupportedVersion()
                    .withData("'" + callsign + "' implements versions " + api.versions()));
        }
        switch (d.method()) {
            case "exists":
                return exists(api, request.params());
            case "register":
                return register(callsign, d.index(), request.params(), channel, true);
            case "unregister":
                return register(callsign, d.index(), request.params(), channel, false);
            case "versions":
                if (profile == WireProfile.R5) {
                    return versions(api);
                }
                break;
            default:
                break;
        }
        PluginApi.Entry entry = api.entry(d.method());
        if (entry == null) {
            throw new Failure(profile.unknownMethod()
                    .withData("'" + callsign + "' has no method '" + d.method() + "'"));
        }
        return call(api, entry, d.index(), request.params());
    }

    private Object call(PluginApi api, PluginApi.Entry entry, String index, JsonNode params) throws Failure {
        try {
            switch (entry.kind()) {
                case METHOD:
                    JsonNode typed = entry.paramTypes() == null ? params : typed(params, entry.paramTypes());
                    return entry.method().call(bind(typed, entry.paramsType(), entry.name()));
                case READ_ONLY_PROPERTY:
                    if (!isRead(api, params)) {
                        throw new Failure(profile.map(CoreError.UNAVAILABLE)
                                .withData("'" + entry.name() + "' is a read-only property: send no params"));
                    }
                    return entry.getter().get(index);
                case READ_WRITE_PROPERTY:
                    if (isRead(api, params)) {
                        return entry.getter().get(index);
                    }
                    entry.setter().set(index, bind(params, entry.paramsType(), entry.name()));
                    return null;
                default:
                    throw new IllegalStateException(entry.kind().name());
            }
        } catch (JsonRpcException e) {
            throw new Failure(e.isServiceNotActive() ? profile.notActive().withData(e.data())
                    : profile.map(e.error(), e.output(), e.data()));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | LinkageError e) {
            // a plugin's bug, its deep recursion, a heap it filled or a class its updated bundle lost: the caller
            // gets an answer all the same, and the worker thread lives on
            LOG.warn("Method {} failed", entry.name(), e);
            throw new Failure(profile.map(CoreError.GENERAL)
                    .withData("internal error in method '" + entry.name() + "': " + e.getClass().getSimpleName()));
        }
    }

    /** Thunder reads a property when params are absent; generated handlers also when they are an empty object. */
    private static boolean isRead(PluginApi api, JsonNode params) {
        return params == null || params.isNull() || api.emptyParamsRead() && params.isObject() && params.isEmpty();
    }

    /** Declared param types, per profile: R5 refuses what does not parse, R2/R4 drop it (TypedParams). */
    private JsonNode typed(JsonNode params, io.ociplane.jsonrpc.spi.ParamTypes types) throws Failure {
        if (profile == WireProfile.R5) {
            String failure = TypedParams.r5Failure(params, types);
            if (failure != null) {
                throw new Failure(profile.badParams(failure));
            }
            return params;
        }
        return TypedParams.lenient(params, types);
    }

    private Object bind(JsonNode params, Class<?> type, String name) throws Failure {
        if (type == null) {
            return null;
        }
        if (type == JsonNode.class) {
            return params == null ? MissingNode.getInstance() : params;
        }
        if (params == null || params.isNull()) {
            return null;
        }
        if (NamedParams.takes(type)) {
            if (profile == WireProfile.R5) {
                // R5's typed parse fails on anything but a non-empty object, before the method (docs/wire.md)
                String failure = TypedParams.r5Failure(params, null);
                if (failure != null) {
                    throw new Failure(profile.badParams(failure));
                }
            }
            requireNamedParams(params, name);
        }
        try {
            return codec.mapper().treeToValue(params, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new Failure(profile.badParams(firstLine(e.getMessage())));
        }
    }

    private Object exists(PluginApi api, JsonNode params) {
        if (profile == WireProfile.R5 && params != null && params.isObject()) {
            JsonNode m = params.get("method");
            return m != null && m.isTextual() && knowsMethod(api, m.asText(), true);
        }
        if (params == null) {
            return NOT_EXISTS;
        }
        // R4.4 compares the raw params text, quotes included, so a well-formed string never matches.
        String name = profile == WireProfile.R4 ? params.toString() : params.asText();
        return knowsMethod(api, name, profile == WireProfile.R5) ? EXISTS : NOT_EXISTS;
    }

    private static boolean knowsMethod(PluginApi api, String name, boolean builtinsCount) {
        return api.entry(name) != null || builtinsCount
                && List.of("exists", "register", "unregister", "versions").contains(name);
    }

    private Object register(String callsign, String index, JsonNode params, Channel channel, boolean add)
            throws Failure {
        requireNamedParams(params, add ? "register" : "unregister");
        String event = text(params, "event");
        String clientId = text(params, "id");
        if (profile.requiresRegistrationParams() && (event == null || clientId == null)) {
            throw new Failure(profile.map(CoreError.INVALID_PARAMETER).withData("'event' and 'id' are required"));
        }
        if (channel == null) {
            // A transport without events (plain HTTP): accepted as Thunder does, though nothing can be delivered.
            return profile.registerResult();
        }
        Subscriptions.Subscription s = new Subscriptions.Subscription(channel, event == null ? "" : event,
                clientId == null ? "" : clientId, index);
        if (!add) {
            if (!subscriptions.remove(callsign, s)) {
                throw new Failure(profile.unknownRegistration());
            }
            return profile.registerResult();
        }
        switch (subscriptions.add(callsign, s)) {
            case DUPLICATE:
                throw new Failure(profile.duplicateRegistration());
            case OVER_LIMIT:
                throw new Failure(profile.registrationFailed("this connection holds " + subscriptions.maxPerChannel()
                        + " registrations, the most one connection may have; unregister some first"));
            case ENDED:
                throw new Failure(profile.notActive().withData("plugin '" + callsign + "' was deactivated"));
            default:
                break;
        }
        if (!plugins.serves(callsign)) {
            // deactivated after it was found active: its registrations may have been ended before this one was added
            subscriptions.remove(callsign, s);
            throw new Failure(profile.notActive().withData("plugin '" + callsign + "' was deactivated"));
        }
        registered.registered(callsign, s);
        return profile.registerResult();
    }

    /** Params given to a method that takes named params must be an object (absent or null means none). */
    private void requireNamedParams(JsonNode params, String method) throws Failure {
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new Failure(profile.invalidParams("'" + method + "' takes named params: send an object, not "
                    + NamedParams.describe(params)));
        }
    }

    private static String text(JsonNode params, String member) {
        JsonNode n = params == null ? null : params.get(member);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static List<Object> versions(PluginApi api) {
        List<Object> out = new ArrayList<>();
        for (PluginApi.InterfaceVersion v : api.interfaces()) {
            out.add(v);
        }
        return out;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "params do not match the method";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** A call that access control refused. */
    private static final class Denied extends Exception {
        private static final long serialVersionUID = 1L;

        Denied(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A call that ends in a wire error. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient WireError error;

        Failure(WireError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
