package io.ociplane.oci.api;

import java.util.Locale;

/** The states of a container. */
public enum ContainerState {
    INVALID("Invalid"), STARTING("Starting"), RUNNING("Running"), STOPPING("Stopping"), PAUSED("Paused"),
    HIBERNATING("Hibernating"), HIBERNATED("Hibernated"), AWAKENING("Awakening");

    private final String displayName;

    ContainerState(String displayName) {
        this.displayName = displayName;
    }

    /** The name in PascalCase ({@code Running}), as the OCIContainer plugin reports states. */
    public String displayName() {
        return displayName;
    }

    /** The name in lower case ({@code running}) for messages and info; INVALID is {@code unknown}. */
    public String lowerCase() {
        return this == INVALID ? "unknown" : displayName.toLowerCase(Locale.ROOT);
    }
}
