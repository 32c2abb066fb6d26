package io.ociplane.run.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a soak run does (docs/soak.md): which provider serves org.rdk.OCIContainer, for how long, with how many
 * workers and subscribers, how often it samples and how often each subscriber reconnects.
 *
 * @param root the checkout: the runtime is {@code root/run/start --no-build} (run/soak builds first, mvn verify has)
 * @param provider "runc" (the runc provider) or "dobby" (the Dobby client, over a private dbus-daemon, to the
 *            Dobby-compatible service backed by the runc provider)
 * @param duration how long the load runs
 * @param interval time between samples (each one taken at a quiet point)
 * @param workers clients that start, drive and stop containers
 * @param subscribers WebSocket clients that count the events
 * @param reconnectEvery how often each subscriber closes its socket and connects and registers again
 * @param warmup the share of the run, from its start, that the trends leave out
 * @param port the runtime's port; 0 for a free one
 * @param launchEnv extra environment of run/start (e.g. RUN_CDS=0)
 * @param csv where to write the series too (null: nowhere)
 */
record SoakSettings(Path root, String provider, Duration duration, Duration interval, int workers,
        int subscribers, Duration reconnectEvery, double warmup, int port, Map<String, String> launchEnv, Path csv) {

    /** Requests slower than this count as timed out (and are abandoned). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    SoakSettings {
        if (!provider.equals("runc") && !provider.equals("dobby")) {
            throw new IllegalArgumentException("provider must be runc or dobby, not " + provider);
        }
        if (duration.compareTo(interval.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException("the run must last at least 4 sampling intervals (" + interval + ")");
        }
        if (workers < 1 || subscribers < 1 || warmup < 0 || warmup >= 0.9 || interval.toMillis() < 1000) {
            throw new IllegalArgumentException("workers and subscribers >= 1, warm-up share in [0, 0.9), interval"
                    + " >= 1 s");
        }
    }

    /** The soak: 4 workers, 10 subscribers reconnecting every 2 minutes (more often in a short run). */
    static SoakSettings of(Path root, String provider, Duration duration) {
        return new SoakSettings(root, provider, duration, Duration.ofSeconds(5), 4, 10,
                defaultReconnect(duration), 0.2, 0, Map.of(), null);
    }

    /** Every 2 minutes, as the soak; in a shorter run often enough that each subscriber reconnects 3 times. */
    static Duration defaultReconnect(Duration duration) {
        Duration quarter = duration.dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(2)) < 0 ? quarter : Duration.ofMinutes(2);
    }

    /** With extra environment for run/start (e.g. RUN_CDS=0: no class-data archive recorded first). */
    SoakSettings withLaunchEnv(Map<String, String> env) {
        return new SoakSettings(root, provider, duration, interval, workers, subscribers, reconnectEvery, warmup,
                port, env, csv);
    }
}
