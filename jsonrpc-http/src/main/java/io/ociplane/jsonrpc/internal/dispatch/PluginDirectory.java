package io.ociplane.jsonrpc.internal.dispatch;

import io.ociplane.jsonrpc.spi.PluginApi;

/** Where the dispatcher finds the plugins it routes to. */
public interface PluginDirectory {

    /** Whether a plugin is configured (or served) under this callsign, whatever its state. */
    boolean knows(String callsign);

    /**
     * The API of the plugin if it is activated. A plugin that is coming back (activation, restart) is waited
     * for, up to a bounded grace; a deactivated one is not.
     *
     * @return the API, or {@code null} when the plugin is not active
     */
    PluginApi awaitActive(String callsign);

    /**
     * Whether the plugin is activated and served at this moment. The default asks {@link #awaitActive}, right for
     * directories that never wait; one that waits for restarting plugins must answer without waiting.
     */
    default boolean serves(String callsign) {
        return awaitActive(callsign) != null;
    }
}
