package io.ociplane.jsonrpc.internal.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.internal.lifecycle.PluginFile;
import io.ociplane.jsonrpc.internal.lifecycle.PluginMetadata;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.lifecycle.PluginState;
import io.ociplane.jsonrpc.internal.lifecycle.Served;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * One element of {@code Controller.status} ({@code services} in R5) in the members, order and types of the
 * profile's release (docs/thunder-wire.md#controller): R2/R4 the plugin file's keys that are set, then the runtime
 * members; R5 a fixed set.
 */
final class StatusView {

    /** Plugin file keys R4 shows as configured, between {@code classname} and {@code startmode} (besides ours). */
    private static final List<String> R4_FILE_KEYS_BEFORE_CONFIGURATION = List.of("versions");
    private static final List<String> R4_FILE_KEYS_AFTER_CONFIGURATION = List.of("persistentpathpostfix",
            "volatilepathpostfix", "systemrootpath", "startuporder");
    /** The optional strings R5 shows when the plugin file sets them. */
    private static final List<String> R5_PATH_KEYS = List.of("communicator", "persistentpathpostfix",
            "volatilepathpostfix", "systemrootpath");

    /**
     * The metadata R4/R2 show for the Controller: Thunder names the daemon's own module {@code Application};
     * the version is that of the Controller's interface (1.0.0), the hash the host bundle's version.
     */
    private final PluginMetadata controllerR4;
    private final WireProfile profile;

    StatusView(WireProfile profile, String hostBuild) {
        this.profile = profile;
        this.controllerR4 = new PluginMetadata("Application", hostBuild, 1, 0, 0);
    }

    /**
     * @param state the plugin's state now
     * @param observers how many event registrations it has
     * @param note why a plugin that is up cannot serve, or {@code null} (ours, not Thunder's)
     */
    Map<String, Object> element(PluginRecord r, PluginState state, int observers, String note) {
        Map<String, Object> e = profile == WireProfile.R5 ? r5(r, state, observers) : r4(r, state, observers);
        if (note != null) {
            e.put("note", note); // not a Thunder member: why a plugin that is up cannot serve (README, deviations)
        }
        return e;
    }

    private Map<String, Object> r4(PluginRecord r, PluginState state, int observers) {
        Map<String, Object> e = new LinkedHashMap<>();
        PluginFile f = r.file();
        e.put("callsign", r.callsign());
        if (r.builtIn()) {
            e.put("classname", "Controller"); // Thunder's Controller has no locator and no autostart
        } else if (f != null) {
            e.put("locator", f.locator());
            e.put("classname", f.classname());
            copy(f, R4_FILE_KEYS_BEFORE_CONFIGURATION, e);
            if (f.autostart() != null) {
                e.put("autostart", f.autostart());
            }
            copy(f, List.of("resumed", "webui"), e);
            if (f.precondition() != null) {
                e.put("precondition", f.precondition());
            }
            copy(f, List.of("termination"), e);
        } else {
            Served s = r.served();
            e.put("locator", s == null || s.bundle() == null ? "" : s.bundle().getSymbolicName());
            e.put("classname", s == null || s.componentName() == null ? "" : s.componentName());
        }
        if (r.configuration() != null) {
            e.put("configuration", r.configuration());
        }
        if (f != null && !r.builtIn()) {
            copy(f, R4_FILE_KEYS_AFTER_CONFIGURATION, e);
        }
        if (profile != WireProfile.R2) {
            e.put("startmode", startmode(r));
        }
        if (f != null && !r.builtIn()) {
            copy(f, List.of("communicator"), e);
        }
        e.put("state", state.lower());
        e.put("observers", observers);
        PluginMetadata m = r.builtIn() ? controllerR4 : r.metadata();
        if (m != null) { // left out for a plugin never loaded
            e.put("module", m.module());
            if (!m.hash().isEmpty()) {
                e.put("hash", m.hash());
            }
            e.put("major", m.major());
            e.put("minor", m.minor());
            e.put("patch", m.patch());
            if (profile != WireProfile.R2) {
                e.put("version", version(m, false));
            }
        }
        return e;
    }

    private Map<String, Object> r5(PluginRecord r, PluginState state, int observers) {
        Map<String, Object> e = new LinkedHashMap<>();
        PluginFile f = r.builtIn() ? null : r.file();
        Served s = r.served();
        e.put("callsign", r.callsign());
        e.put("locator", f != null ? f.locator() : s == null || s.bundle() == null ? "" : s.bundle().getSymbolicName());
        e.put("classname", r.builtIn() ? "Controller" : f != null ? f.classname()
                : s == null || s.componentName() == null ? "" : s.componentName());
        // R5.3 shows the Controller's module and version empty, and a plugin's empty until it was loaded
        PluginMetadata m = r.builtIn() || r.metadata() == null ? new PluginMetadata("", "", 0, 0, 0) : r.metadata();
        e.put("module", m.module());
        e.put("state", state.pascal());
        e.put("startmode", startmode(r));
        e.put("resumed", false); // no plugin of ours has Thunder's IStateControl
        e.put("version", version(m, true));
        if (f != null) {
            for (String key : R5_PATH_KEYS) {
                JsonNode v = f.declared(key);
                if (v != null && v.isTextual()) {
                    e.put(key, v.textValue());
                }
            }
            if (f.precondition() != null && !f.precondition().isEmpty()) {
                e.put("precondition", f.precondition());
            }
            for (String key : List.of("termination", "control")) {
                JsonNode v = f.declared(key);
                if (v != null && v.isArray() && !v.isEmpty()) {
                    e.put(key, v);
                }
            }
        }
        JsonNode configuration = r.configuration();
        if (configuration != null && !(configuration.isContainerNode() && configuration.isEmpty())) {
            e.put("configuration", configuration); // R5.3 leaves an empty configuration out
        }
        e.put("observers", observers);
        e.put("processedrequests", 0); // R5.3 sends both as 0 when its statistics are off
        e.put("processedobjects", 0);
        return e;
    }

    /** The start mode the file asks for, with the start flags' precedence of every profile (PluginFile). */
    static String startmode(PluginRecord r) {
        PluginFile f = r.file();
        if (r.builtIn() || f == null) {
            return "Activated";
        }
        if ("Unavailable".equalsIgnoreCase(f.startmode())) {
            return "Unavailable";
        }
        return f.startsActivated() ? "Activated" : "Deactivated";
    }

    /** {@code {hash, major, minor, patch}}; R4 leaves an empty hash out, R5 always shows it. */
    private static Map<String, Object> version(PluginMetadata m, boolean alwaysHash) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (alwaysHash || !m.hash().isEmpty()) {
            v.put("hash", m.hash());
        }
        v.put("major", m.major());
        v.put("minor", m.minor());
        v.put("patch", m.patch());
        return v;
    }

    private static void copy(PluginFile f, List<String> keys, Map<String, Object> e) {
        for (String key : keys) {
            JsonNode v = f.declared(key);
            if (v != null && !v.isNull()) {
                e.put(key, v);
            }
        }
    }
}
