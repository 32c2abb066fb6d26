package io.ociplane.oci.dobby.client;

import java.util.Objects;

import io.ociplane.oci.dobby.bus.Backoff;
import io.ociplane.oci.dobby.bus.BusAddresses;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * How the Dobby client connects and waits.
 *
 * @param callTimeoutMillis longest wait for any call but the starts (Dobby's clients use 25 s)
 * @param startTimeoutMillis longest wait for StartFromBundle / StartFromSpec (they queue behind other calls)
 * @param readyTimeoutMillis after a new owner appears, how long to wait for admin1.Ready before pinging
 * @param pingAttempts pings (one a second) before a daemon that never said Ready is given up on
 * @param maxConcurrentCalls calls in flight at once; Dobby has 49 reply slots, so keep well below
 */
public record ClientSettings(String busAddress, DobbyNames names, long callTimeoutMillis, long startTimeoutMillis,
        long readyTimeoutMillis, int pingAttempts, long reconnectMinMillis, long reconnectMaxMillis,
        int maxConcurrentCalls, int ranking) {

    private static final int DOBBY_REPLY_SLOTS = 49;

    public ClientSettings {
        BusAddresses.check(busAddress);
        Objects.requireNonNull(names, "names");
        positive("callTimeoutMillis", callTimeoutMillis);
        positive("startTimeoutMillis", startTimeoutMillis);
        positive("readyTimeoutMillis", readyTimeoutMillis);
        positive("pingAttempts", pingAttempts);
        new Backoff(reconnectMinMillis, reconnectMaxMillis); // validates the bounds
        if (maxConcurrentCalls < 1 || maxConcurrentCalls >= DOBBY_REPLY_SLOTS) {
            throw new IllegalArgumentException("maxConcurrentCalls must be 1.." + (DOBBY_REPLY_SLOTS - 1));
        }
    }

    /**
     * The defaults on the given bus: org.rdk.dobby, 25 s calls, 60 s starts, Ready within 5 s, rank 200.
     */
    public static ClientSettings on(String busAddress) {
        return new ClientSettings(busAddress, DobbyNames.RDK, 25_000, 60_000, 5_000, 5, 250, 30_000, 16, 200);
    }

    public ClientSettings withNames(DobbyNames newNames) {
        return new ClientSettings(busAddress, newNames, callTimeoutMillis, startTimeoutMillis, readyTimeoutMillis,
                pingAttempts, reconnectMinMillis, reconnectMaxMillis, maxConcurrentCalls, ranking);
    }

    public ClientSettings withTimeouts(long callMillis, long startMillis) {
        return new ClientSettings(busAddress, names, callMillis, startMillis, readyTimeoutMillis, pingAttempts,
                reconnectMinMillis, reconnectMaxMillis, maxConcurrentCalls, ranking);
    }

    public ClientSettings withReconnect(long minMillis, long maxMillis) {
        return new ClientSettings(busAddress, names, callTimeoutMillis, startTimeoutMillis, readyTimeoutMillis,
                pingAttempts, minMillis, maxMillis, maxConcurrentCalls, ranking);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
