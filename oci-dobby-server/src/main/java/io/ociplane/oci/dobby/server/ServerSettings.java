package io.ociplane.oci.dobby.server;

import java.util.Objects;

import io.ociplane.oci.dobby.bus.Backoff;
import io.ociplane.oci.dobby.bus.BusAddresses;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * How the Dobby-compatible service behaves.
 *
 * @param legacyComponents serve {@code StartFromSpec}, and {@code Start} as its alias (Dobby's LEGACY_COMPONENTS
 *            build, the one observed on the real daemon); otherwise {@code Start} is an alias of StartFromBundle
 * @param prodBuild imitate a DOBBY_PROD build: no StartFromBundle, Exec always false
 * @param emitStoppedWithStatus send StoppedWithStatus before Stopped (off: a daemon from before 2023-09)
 */
public record ServerSettings(String busAddress, DobbyNames names, boolean legacyComponents, boolean prodBuild,
        boolean emitStoppedWithStatus, long reconnectMinMillis, long reconnectMaxMillis) {

    public ServerSettings {
        BusAddresses.check(busAddress);
        Objects.requireNonNull(names, "names");
        new Backoff(reconnectMinMillis, reconnectMaxMillis); // validates the bounds
    }

    /** The defaults on the given bus: the org.rdk.dobby names, a legacy (non-prod) build, StoppedWithStatus. */
    public static ServerSettings on(String busAddress) {
        return new ServerSettings(busAddress, DobbyNames.RDK, true, false, true, 250, 30_000);
    }

    public ServerSettings withNames(DobbyNames newNames) {
        return new ServerSettings(busAddress, newNames, legacyComponents, prodBuild, emitStoppedWithStatus,
                reconnectMinMillis, reconnectMaxMillis);
    }

    public ServerSettings withBuild(boolean legacy, boolean prod) {
        return new ServerSettings(busAddress, names, legacy, prod, emitStoppedWithStatus, reconnectMinMillis,
                reconnectMaxMillis);
    }

    public ServerSettings withStoppedWithStatus(boolean emit) {
        return new ServerSettings(busAddress, names, legacyComponents, prodBuild, emit, reconnectMinMillis,
                reconnectMaxMillis);
    }

    public ServerSettings withReconnect(long minMillis, long maxMillis) {
        return new ServerSettings(busAddress, names, legacyComponents, prodBuild, emitStoppedWithStatus, minMillis,
                maxMillis);
    }
}
