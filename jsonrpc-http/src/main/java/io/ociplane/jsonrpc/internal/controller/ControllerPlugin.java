package io.ociplane.jsonrpc.internal.controller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

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
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * Thunder's built-in {@code Controller}: activate, deactivate, unavailable, status (services in R5) and
 * configuration of every callsign, and the {@code statechange} and {@code all} events.
 */
public final class ControllerPlugin {

    public static final String STATECHANGE = "statechange";
    public static final String ALL = "all";

    private final PluginRegistry registry;
    private final PluginLifecycle lifecycle;
    private final WireProfile profile;
    private final ToIntFunction<String> observers;
    private final Supplier<String> hostNote;
    private final StartReadiness readiness;
    private volatile EventSink events = EventSink.NONE;

    /**
     * @param observers how many event registrations a callsign has (the status field {@code observers})
     * @param hostNote what the Controller's own status says as {@code note} (e.g. that checks are off), or null
     * @param readiness whether the host's start is over (the {@code readiness} property)
     */
    public ControllerPlugin(PluginRegistry registry, PluginLifecycle lifecycle, WireProfile profile,
            ToIntFunction<String> observers, Supplier<String> hostNote, StartReadiness readiness) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.profile = profile;
        this.observers = observers;
        this.hostNote = hostNote;
        this.readiness = readiness;
    }

    public PluginApi define(EventSink sink) {
        this.events = sink;
        PluginApi.Builder b = PluginApi.builder().emptyParamsRead(true)
                .method("activate", JsonNode.class, p -> {
                    lifecycle.activate(callsignOf(p));
                    return null;
                })
                .method("deactivate", JsonNode.class, p -> {
                    lifecycle.deactivate(callsignOf(p));
                    return null;
                })
                .method("unavailable", JsonNode.class, p -> {
                    lifecycle.unavailable(callsignOf(p));
                    return null;
                })
                .property("status", this::status)
                .property("readiness", index -> readiness())
                .property("configuration", this::configuration, JsonNode.class,
                        (index, value) -> lifecycle.configure(index, value))
                .event(STATECHANGE).event(ALL);
        if (profile == WireProfile.R5) {
            b.property("services", this::status).interfaceVersion("Controller", 1, 0, 0);
        }
        return b.build();
    }

    /** Emits {@code statechange} for the states the profile reports (R2: every state; R4/R5: the final ones). */
    public void stateChanged(PluginRecord record, PluginState state, String reason) {
        boolean reported = profile == WireProfile.R2 || state == PluginState.ACTIVATED
                || state == PluginState.DEACTIVATED || state == PluginState.UNAVAILABLE;
        if (!reported) {
            return;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("callsign", record.callsign());
        params.put("state", state.pascal());
        params.put("reason", reason);
        events.emit(STATECHANGE, params);
    }

    /** Forwards a plugin's event to {@code Controller.all} subscribers in the profile's shape. */
    public void forward(String callsign, String event, Object params) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (profile == WireProfile.R5) {
            all.put("event", event);
            all.put("callsign", callsign);
            all.put("params", params);
        } else {
            all.put("callsign", callsign);
            all.put("data", params);
        }
        events.emit(ALL, all);
    }

    private List<Object> status(String index) throws JsonRpcException {
        List<Object> out = new ArrayList<>();
        if (index == null || index.isEmpty()) {
            for (PluginRecord r : registry.all()) {
                out.add(element(r));
            }
            return out;
        }
        PluginRecord r = registry.find(index);
        if (r == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + index + "'");
        }
        out.add(element(r));
        return out;
    }

    private Map<String, Object> element(PluginRecord r) {
        Map<String, Object> e = new LinkedHashMap<>();
        Served served = r.served();
        e.put("callsign", r.callsign());
        if (r.file() != null) {
            e.put("locator", r.file().locator());
            e.put("classname", r.file().classname());
            e.put("autostart", r.file().startsActivated());
            if (r.file().precondition() != null) {
                e.put("precondition", r.file().precondition());
            }
        } else {
            e.put("locator", served == null || served.bundle() == null ? "" : served.bundle().getSymbolicName());
            e.put("classname", r.builtIn() ? "Controller" : r.classname(
                    served == null || served.componentName() == null ? "" : served.componentName()));
            e.put("autostart", true);
        }
        if (r.configuration() != null) {
            e.put("configuration", r.configuration());
        }
        boolean activates = r.file() == null || r.file().startsActivated();
        if (profile != WireProfile.R2) {
            e.put("startmode", activates ? "Activated" : "Deactivated");
        }
        PluginState state = r.state(lifecycle.implementationPresent(r));
        e.put("state", profile.pascalCaseStates() ? state.pascal() : state.lower());
        e.put("observers", observers.applyAsInt(r.callsign()));
        String note = r.builtIn() ? hostNote.get() : served == null ? null : served.api().statusNote();
        if (note != null) {
            e.put("note", note); // not a Thunder field: why a plugin that is up cannot serve
        }
        return e;
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

    private JsonNode configuration(String index) throws JsonRpcException {
        PluginRecord r = index == null ? null : registry.find(index);
        if (r == null) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "no plugin with callsign '" + index + "'");
        }
        return r.configuration() == null ? JsonNodeFactory.instance.objectNode() : r.configuration();
    }

    private static String callsignOf(JsonNode params) throws JsonRpcException {
        JsonNode c = params.get("callsign");
        if (c == null || !c.isTextual() || c.asText().isEmpty()) {
            throw new JsonRpcException(CoreError.UNKNOWN_KEY, null, "params must be {\"callsign\":\"<callsign>\"}");
        }
        return c.asText();
    }
}
