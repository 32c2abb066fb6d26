package io.ociplane.oci.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;

/**
 * Start and stop times of a busybox container, median of 20. Not a test: its name keeps it out of the normal
 * run; run it with {@code mvn -o -pl oci-runc test -Dtest=RuncBenchmark}.
 */
class RuncBenchmark extends RealContainerTestBase {

    private static final int RUNS = 20;

    @Test
    void startAndStopTimes() throws Exception {
        Path sleeper = bundles.bundle(tmp.resolve("sleeper"), "/bin/sleep", "60");
        Path trapper = bundles.bundle(tmp.resolve("trapper"), "/bin/sh", "-c", "trap 'exit 143' TERM; sleep 60 & wait");
        List<Long> starts = new ArrayList<>();
        List<Long> forced = new ArrayList<>();
        List<Long> graceful = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            forced.add(stopTime(sleeper, true, starts));
            graceful.add(stopTime(trapper, false, starts));
        }
        assertNoLeftovers();
        System.out.printf("runc provider, busybox container, median of %d (of %d for start):%n", RUNS, 2 * RUNS);
        System.out.printf("  start to running (startFromBundle returned, STARTED delivered): %.1f ms%n",
                median(starts));
        System.out.printf("  forced stop to STOPPED event:                                   %.1f ms%n",
                median(forced));
        System.out.printf("  graceful stop (SIGTERM honoured) to STOPPED event:              %.1f ms%n",
                median(graceful));
    }

    /** Starts a container from {@code bundle}, then returns the nanoseconds from stop to its STOPPED event. */
    private long stopTime(Path bundle, boolean force, List<Long> starts) throws Exception {
        String id = newId("bench");
        long t0 = System.nanoTime();
        runtime.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null));
        starts.add(System.nanoTime() - t0);
        awaitEvent(ContainerEvent.Type.STARTED, id);
        long t1 = System.nanoTime();
        runtime.stop(id, force);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        return System.nanoTime() - t1;
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int n = sorted.size();
        long mid = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return mid / 1e6;
    }
}
