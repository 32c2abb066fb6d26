package io.ociplane.jsonrpc.internal.lifecycle;

import java.util.Locale;

/** Thunder's plugin states as the Controller reports them. */
public enum PluginState {
    UNAVAILABLE("Unavailable"), DEACTIVATED("Deactivated"), DEACTIVATION("Deactivation"), ACTIVATED("Activated"),
    ACTIVATION("Activation"), PRECONDITION("Precondition");

    private final String pascal;

    PluginState(String pascal) {
        this.pascal = pascal;
    }

    /** The name in PascalCase, as in {@code statechange} events and R5 status. */
    public String pascal() {
        return pascal;
    }

    /** The name in lower case, as in R2/R4 status. */
    public String lower() {
        return pascal.toLowerCase(Locale.ROOT);
    }
}
