package io.ociplane.oci.dobby;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.PrivateBus;

/**
 * Round-trip latency through the Dobby provider (client, private bus, Dobby-compatible service, in-memory
 * provider): GetState and List with 50 containers, at 1 and 16 concurrent callers. On demand only:
 * {@code mvn -o -pl oci-dobby test -Dtest=DobbyBenchmarkTest -Ddobby.bench=true}.
 */
@EnabledIfSystemProperty(named = "dobby.bench", matches = "true")
class DobbyBenchmarkTest {

    private static final int CONTAINERS = 50;
    private static final int WARMUP_CALLS = 3_000;
    private static final int CALLS_PER_RUN = 8_000;

    private interface Call {
        void run() throws Exception;
    }

    @Test
    void roundTrips() throws Exception {
        try (PrivateBus bus = PrivateBus.start(); DobbyRig rig = new DobbyRig(bus)) {
            ContainerRuntime dobby = rig.startBoth();
            for (int i = 0; i < CONTAINERS; i++) {
                dobby.startFromBundle(new BundleStart("c" + i, "/bundles/c" + i, null, null, List.of(), null, null));
            }
            String one = "c" + (CONTAINERS - 1);
            System.out.printf("%nDobby provider round trips (%d containers, in-memory provider behind the service)%n",
                    CONTAINERS);
            System.out.printf("%-9s %8s %9s %9s %9s %10s%n", "method", "callers", "p50 ms", "p99 ms", "max ms",
                    "calls/s");
            for (int callers : new int[] {1, 16}) {
                report("GetState", callers, () -> dobby.state(one));
                report("List", callers, dobby::list);
            }
        }
    }

    private static void report(String method, int callers, Call call) throws Exception {
        measure(callers, WARMUP_CALLS, call);
        long t0 = System.nanoTime();
        long[] nanos = measure(callers, CALLS_PER_RUN, call);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Arrays.sort(nanos);
        System.out.printf("%-9s %8d %9.3f %9.3f %9.3f %10.0f%n", method, callers, ms(nanos, 0.50), ms(nanos, 0.99),
                nanos[nanos.length - 1] / 1e6, nanos.length / seconds);
    }

    private static long[] measure(int callers, int calls, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            int each = calls / callers;
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                results.add(pool.submit((Callable<long[]>) () -> {
                    long[] took = new long[each];
                    for (int i = 0; i < each; i++) {
                        long start = System.nanoTime();
                        call.run();
                        took[i] = System.nanoTime() - start;
                    }
                    return took;
                }));
            }
            long[] all = new long[each * callers];
            int at = 0;
            for (Future<long[]> f : results) {
                long[] part = f.get();
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
