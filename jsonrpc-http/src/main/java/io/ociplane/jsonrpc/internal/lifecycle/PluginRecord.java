package io.ociplane.jsonrpc.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the host knows of one callsign: where it was configured, the state it should be in and the service that
 * serves it. Fields are written under the registry's lock and read without it.
 */
public final class PluginRecord {

    /** The state the Controller (or the plugin file) asks for. */
    public enum Desired {
        ACTIVATED, DEACTIVATED, UNAVAILABLE
    }

    private final String callsign;
    private final boolean builtIn;
    /** Held by a Controller operation (activate, deactivate, unavailable) from its check to its end: one at a time. */
    final Object operations = new Object();
    volatile PluginFile file;
    volatile JsonNode configuration;
    volatile Desired desired = Desired.ACTIVATED;
    volatile Served served;
    /** The reason to report with the next state change, set by whoever asked for it. */
    volatile String pendingReason;
    /** Set when the plugin file was deleted: the record goes once its service has gone. */
    volatile boolean removed;
    /** What its last service said of its module and version (kept after it went: Thunder shows it once loaded). */
    volatile PluginMetadata metadata;
    /** The reason of the last state change announced, as the R5 {@code statechange} snapshot reports it. */
    volatile String lastReason;
    /**
     * State changes of this record whose announcement (events) has not finished yet; guarded by the registry's
     * lock. A Controller operation returns only when it is 0, so that its events go out before its reply.
     */
    int announcing;
    /** The DS description of a self-registered plugin, kept so it can be enabled again after a disable. */
    volatile org.osgi.service.component.runtime.dto.ComponentDescriptionDTO lastDescription;

    PluginRecord(String callsign, boolean builtIn) {
        this.callsign = callsign;
        this.builtIn = builtIn;
    }

    public String callsign() {
        return callsign;
    }

    /** Whether this is the host's own Controller. */
    public boolean builtIn() {
        return builtIn;
    }

    /** The plugin file, or {@code null} for a plugin that registered itself with a callsign property. */
    public PluginFile file() {
        return file;
    }

    /** The plugin's configuration object: the file's, or what {@code Controller.configuration} set. */
    public JsonNode configuration() {
        return configuration;
    }

    public Desired desired() {
        return desired;
    }

    public Served served() {
        return served;
    }

    /** The module name, build reference and version of the service that served it last, or {@code null}. */
    public PluginMetadata metadata() {
        return metadata;
    }

    /** The reason of the last state change announced ({@code Startup}, {@code Requested}...), or {@code null}. */
    public String lastReason() {
        return lastReason;
    }

    /**
     * The Thunder state.
     *
     * @param implementationPresent whether a component that can serve this plugin is installed
     */
    public PluginState state(boolean implementationPresent) {
        Served s = served;
        Desired d = desired;
        if (s != null) {
            return d == Desired.ACTIVATED ? PluginState.ACTIVATED : PluginState.DEACTIVATION;
        }
        return switch (d) {
            case DEACTIVATED -> PluginState.DEACTIVATED;
            case UNAVAILABLE -> PluginState.UNAVAILABLE;
            case ACTIVATED -> implementationPresent ? PluginState.ACTIVATION : PluginState.PRECONDITION;
        };
    }

    /** The class name: the file's, or "?" for self-registered plugins that did not give one. */
    public String classname(String fallback) {
        PluginFile f = file;
        return f != null ? f.classname() : fallback;
    }
}
