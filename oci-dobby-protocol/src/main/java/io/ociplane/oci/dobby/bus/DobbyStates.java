package io.ociplane.oci.dobby.bus;

import java.util.Locale;

import io.ociplane.oci.api.ContainerState;

/**
 * Dobby's numbering and naming of container states (docs/dobby-dbus.md#states): the codes {@code GetState} returns
 * and the lower-case names of {@code GetInfo}'s {@code state}.
 */
public final class DobbyStates {

    private static final ContainerState[] BY_CODE = { ContainerState.INVALID, ContainerState.STARTING,
        ContainerState.RUNNING, ContainerState.STOPPING, ContainerState.PAUSED, ContainerState.HIBERNATING,
        ContainerState.HIBERNATED, ContainerState.AWAKENING };

    private DobbyStates() {
    }

    /** The code {@code GetState} returns for a state. */
    public static int code(ContainerState state) {
        for (int code = 0; code < BY_CODE.length; code++) {
            if (BY_CODE[code] == state) {
                return code;
            }
        }
        return 0;
    }

    /** The state of a {@code GetState} code; anything unknown is INVALID, as Dobby's own clients take it. */
    public static ContainerState ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : ContainerState.INVALID;
    }

    /** {@code GetInfo}'s name of a state: lower case, and {@code unknown} for INVALID. */
    public static String infoName(ContainerState state) {
        return state == ContainerState.INVALID ? "unknown" : state.name().toLowerCase(Locale.ROOT);
    }

    /** The state {@code GetInfo} names; anything unknown is INVALID. */
    public static ContainerState ofInfoName(String name) {
        for (ContainerState s : BY_CODE) {
            if (infoName(s).equals(name)) {
                return s;
            }
        }
        return ContainerState.INVALID;
    }
}
