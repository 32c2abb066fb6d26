package io.ociplane.jsonrpc.internal.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.lifecycle.PluginLifecycle;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRegistry;
import io.ociplane.jsonrpc.internal.lifecycle.PluginState;
import io.ociplane.jsonrpc.internal.lifecycle.Served;
import io.ociplane.jsonrpc.internal.lifecycle.StartReadiness;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.ParamTypes;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * Thunder's built-in {@code Controller}: activate, deactivate, unavailable, status (services in R5) and
 * configuration of every callsign, and the {@code statechange} and {@code all} events (docs/thunder-wire.md).
 */
public final class ControllerPlugin {

    public static final String STATECHANGE = "statechange";
    public static final String ALL = "all";
    public static final String SUBSYSTEMCHANGE = "subsystemchange";
    /** Typed params of activate, deactivate and unavailable (R5 refuses other shapes before the call). */
    private static final ParamTypes CALLSIGN_PARAMS = ParamTypes.object().string("callsign");
    private static final ParamTypes TTL_PARAMS = ParamTypes.object().number("ttl");

    private final PluginRegistry registry;
    private final PluginLifecycle lifecycle;
    private final WireProfile profile;
    private final ToIntFunction<String> observers;
    private final Supplier<String> hostNote;
    private final StartReadiness readiness;
    private final StatusView statusView;
    private final HostActions actions;
    private final String hostBuild;
    private volatile EventSink events = EventSink.NONE;

    /**
     * @param observers how many event registrations a callsign has (the status field {@code observers})
     * @param hostNote what the Controller's own status says as {@code note} (e.g. that checks are off), or null
     * @param readiness whether the host's start is over (the {@code readiness} property)
     * @param hostBuild the host bundle's version: the Controller's build reference ({@code hash}) in R2/R4
     * @param actions what persist, reboot and discovery act on
     */
    public ControllerPlugin(PluginRegistry registry, PluginLifecycle lifecycle, WireProfile profile,
            ToIntFunction<String> observers, Supplier<String> hostNote, StartReadiness readiness, String hostBuild,
            HostActions actions) {
        this.actions = actions;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.profile = profile;
        this.observers = observers;
        this.hostNote = hostNote;
        this.readiness = readiness;
        this.statusView = new StatusView(profile, hostBuild);
        this.hostBuild = hostBuild;
    }

    /**
     * The Controller's own configuration: {@code subsystems} lists the subsystems set from outside rather than by
     * the Controller at start, as in Thunder's Controller configuration (host attribute externalSubsystems).
     */
    public static ObjectNode configuration(List<String> externalSubsystems) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        externalSubsystems.forEach(c.putArray("subsystems")::add);
        return c;
    }

    public PluginApi define(EventSink sink) {
        this.events = sink;
        PluginApi.Builder b = PluginApi.builder().emptyParamsRead(true)
                .method("activate", JsonNode.class, CALLSIGN_PARAMS, p -> {
                    lifecycle.activate(callsignOf(p));
                    return null;
                })
                .method("deactivate", JsonNode.class, CALLSIGN_PARAMS, p -> {
                    lifecycle.deactivate(callsignOf(p));
                    return null;
                })
                .method("unavailable", JsonNode.class, CALLSIGN_PARAMS, p -> {
                    lifecycle.unavailable(callsignOf(p));
                    return null;
                })
                .property("status", this::status)
                .property("readiness", index -> readiness())
                .property("configuration", this::configuration, JsonNode.class,
                        (index, value) -> lifecycle.configure(index, value))
                .method("persist", this::persist)
                .method("storeconfig", this::persist) // Thunder's older name, still registered in R4.4 and R5.3
                .method("reboot", this::reboot)
                .method("harakiri", this::reboot) // likewise
                .method("startdiscovery", JsonNode.class, TTL_PARAMS, this::startDiscovery)
                .property("discoveryresults", index -> actions.discovery().results())
                .property("subsystems", index -> actions.subsystems().report())
                .property("environment", this::environment)
                .property("version", index -> framework())
                .event(STATECHANGE).event(SUBSYSTEMCHANGE).event(ALL);
        if (profile == WireProfile.R5) {
            b.property("services", this::status).property("framework", index -> framework())
                    .interfaceVersion("Controller", 1, 0, 0);
        }
        return b.build();
    }

    /**
     * Emits {@code statechange} for the states the profile reports (R2: every state; R4/R5: the final ones), then
     * (R4/R5) the lifecycle change into {@code all}, in Thunder's order.
     */
    public void stateChanged(PluginRecord record, PluginState state, String reason) {
        boolean reported = state == PluginState.ACTIVATED || state == PluginState.DEACTIVATED
                || state == PluginState.UNAVAILABLE;
        if (!reported && profile != WireProfile.R2) {
            return;
        }
        events.emit(STATECHANGE, stateChange(record.callsign(), state, reason));
        if (reported && profile != WireProfile.R2) {
            Map<String, Object> lifecycleChange = new LinkedHashMap<>();
            lifecycleChange.put("state", state.lower()); // lower case here, in both releases
            lifecycleChange.put("reason", reason);
            if (profile == WireProfile.R5) {
                forward(record.callsign(), STATECHANGE, lifecycleChange);
            } else {
                forward(record.callsign(), null, lifecycleChange);
            }
        }
    }

    /** Forwards a plugin's event to {@code Controller.all} subscribers in the profile's shape. */
    public void forward(String callsign, String event, Object params) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (profile == WireProfile.R5) {
            all.put("event", event);
            all.put("callsign", callsign);
            if (params != null) {
                all.put("params", params);
            }
        } else {
            all.put("callsign", callsign);
            all.put("data", params);
        }
        events.emit(ALL, all);
    }

    /**
     * R5.3 answers a {@code register} of {@code statechange} with the current state first: one event per
     * activated plugin, Controller included, sent on the registering connection before the register's reply.
     */
    public void registered(Subscriptions subscriptions, Subscriptions.Subscription s) {
        if (profile != WireProfile.R5 || !STATECHANGE.equals(s.event()) || s.index() != null) {
            return;
        }
        for (PluginRecord r : registry.all()) {
            if (r.state(true) == PluginState.ACTIVATED) {
                String reason = r.builtIn() || r.lastReason() == null ? "Startup" : r.lastReason();
                subscriptions.sendTo(s, null, stateChange(r.callsign(), PluginState.ACTIVATED, reason));
            }
        }
    }

    private static Map<String, Object> stateChange(String callsign, PluginState state, String reason) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("callsign", callsign);
        params.put("state", state.pascal());
        params.put("reason", reason);
        return params;
    }

    /** R2/R4: always an array; R5 unwraps a single element into the object itself. */
    private Object status(String index) throws JsonRpcException {
        List<Object> out = new ArrayList<>();
        if (index == null || index.isEmpty()) {
            for (PluginRecord r : registry.all()) {
                out.add(element(r));
            }
        } else {
            PluginRecord r = registry.find(index);
            if (r == null) {
                throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + index + "'");
            }
            out.add(element(r));
        }
        return profile == WireProfile.R5 && out.size() == 1 ? out.get(0) : out;
    }

    private Map<String, Object> element(PluginRecord r) {
        Served served = r.served();
        String note = r.builtIn() ? hostNote.get() : served == null ? null : served.api().statusNote();
        return statusView.element(r, r.state(lifecycle.implementationPresent(r)), observers.applyAsInt(r.callsign()),
                note);
    }

    /**
     * Not a Thunder property: whether the start is over (every plugin that starts activated serves and is ready),
     * for clients that must not call before (docs/readiness.md).
     */
    private Map<String, Object> readiness() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ready", readiness.isReady());
        r.put("waiting", readiness.waiting());
        return r;
    }

    /** The plugin's configuration; one without any is R4's {@code ""} and R5's {@code null}. */
    private Object configuration(String index) throws JsonRpcException {
        if (index == null || index.isEmpty()) {
            throw new JsonRpcException(profile == WireProfile.R5 ? CoreError.UNKNOWN_KEY : CoreError.BAD_REQUEST,
                    null, "name the plugin: configuration@<callsign>");
        }
        PluginRecord r = registry.find(index);
        if (r == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + index + "'");
        }
        if (r.configuration() != null) {
            return r.configuration();
        }
        return switch (profile) {
            case R2 -> JsonNodeFactory.instance.objectNode();
            case R4 -> "";
            case R5 -> null;
        };
    }

    /** Writes every plugin's configuration and start mode to the override file the next start applies. */
    private Object persist() throws JsonRpcException {
        try {
            actions.overrides().write(registry.all(), profile);
        } catch (java.io.IOException | RuntimeException e) {
            throw new JsonRpcException(CoreError.GENERAL, null, "could not write the override file: " + e.getMessage());
        }
        return null;
    }

    /**
     * Thunder runs /sbin/reboot; a runtime in a JVM does the nearest thing, stopping its framework cleanly, and
     * only when the host's {@code allowReboot} says so (else Thunder's answer to a refused reboot, 24).
     */
    private Object reboot() throws JsonRpcException {
        if (actions.stopRuntime() == null) {
            throw new JsonRpcException(CoreError.PRIVILIGED_REQUEST, null,
                    "reboot is off: set the host attribute allowReboot to let it stop the runtime");
        }
        actions.stopRuntime().run();
        return null;
    }

    /**
     * One discovery search: R5 takes a missing ttl as the configured one and refuses 0 or more than 255 (30); R4
     * takes a missing ttl as 1 and 0 as the configured one, and keeps the low byte of any other (Thunder's uint8).
     */
    private Object startDiscovery(JsonNode params) throws JsonRpcException {
        JsonNode t = params == null ? null : params.get("ttl");
        boolean given = t != null && t.canConvertToLong();
        long ttl;
        if (profile == WireProfile.R5) {
            ttl = given ? t.asLong() : actions.discovery().defaultTtl();
            if (ttl < 1 || ttl > 255) {
                throw new JsonRpcException(CoreError.BAD_REQUEST, null, "ttl must be 1..255");
            }
        } else {
            ttl = given ? t.asLong() & 0xFF : 1;
            if (ttl == 0) {
                ttl = actions.discovery().defaultTtl();
            }
        }
        try {
            actions.discovery().search((int) ttl);
        } catch (java.io.IOException e) {
            throw new JsonRpcException(CoreError.GENERAL, null, "could not send the search: " + e.getMessage());
        }
        return null;
    }

    /** {@code environment@VAR}: the runtime's environment variable (no index: 30; not set: 22). */
    private Object environment(String index) throws JsonRpcException {
        if (index == null || index.isEmpty()) {
            throw new JsonRpcException(CoreError.BAD_REQUEST, null, "name the variable: environment@<name>");
        }
        String value = System.getenv(index);
        if (value == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no environment variable '" + index + "'");
        }
        return value;
    }

    /**
     * {@code version} (R5 also {@code framework}): the Thunder release whose wire this profile follows (R2 2.0.0,
     * R4 4.4.7, R5 5.3.0), with our build reference as {@code hash}.
     */
    private Map<String, Object> framework() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("hash", hostBuild);
        int[] release = switch (profile) {
            case R2 -> new int[] {2, 0, 0};
            case R4 -> new int[] {4, 4, 7};
            case R5 -> new int[] {5, 3, 0};
        };
        v.put("major", release[0]);
        v.put("minor", release[1]);
        v.put("patch", release[2]);
        return v;
    }

    /** R2/R4 look a missing callsign up as "" (22); R5 refuses it as a bad request (30). */
    private String callsignOf(JsonNode params) throws JsonRpcException {
        JsonNode c = params.get("callsign");
        if (c == null || !c.isTextual() || c.asText().isEmpty()) {
            throw new JsonRpcException(profile == WireProfile.R5 ? CoreError.BAD_REQUEST : CoreError.UNKNOWN_KEY, null,
                    "params must be {\"callsign\":\"<callsign>\"}");
        }
        return c.asText();
    }
}
