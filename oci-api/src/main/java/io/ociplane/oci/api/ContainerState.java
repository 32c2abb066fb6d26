package io.ociplane.oci.api;

/** Container states as Dobby defines them, with Dobby's wire codes ({@code GetState}) and names. */
public enum ContainerState {
    INVALID(0, "Invalid"), STARTING(1, "Starting"), RUNNING(2, "Running"), STOPPING(3, "Stopping"),
    PAUSED(4, "Paused"), HIBERNATING(5, "Hibernating"), HIBERNATED(6, "Hibernated"), AWAKENING(7, "Awakening");

    private final int wireCode;
    private final String displayName;

    ContainerState(int wireCode, String displayName) {
        this.wireCode = wireCode;
        this.displayName = displayName;
    }

    /** The code Dobby's {@code GetState} returns for this state. */
    public int wireCode() {
        return wireCode;
    }

    /** The name in PascalCase ({@code Running}), as the OCIContainer plugin reports states. */
    public String displayName() {
        return displayName;
    }

    /** The name in lower case ({@code running}), as Dobby's {@code GetInfo} writes it; INVALID is "unknown". */
    public String infoName() {
        return this == INVALID ? "unknown" : displayName.toLowerCase(java.util.Locale.ROOT);
    }

    /** The state of a Dobby wire code; anything unknown is INVALID, as Dobby's own clients treat it. */
    public static ContainerState ofWireCode(int code) {
        for (ContainerState s : values()) {
            if (s.wireCode == code) {
                return s;
            }
        }
        return INVALID;
    }
}
