package io.ociplane.jsonrpc.internal.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.internal.wire.WireProfile;

/** What threads, processinfo, pendingrequests, callstack and links report, from a real pool and real jobs. */
class WorkerPoolTest {

    /** A job whose class names it, blocked until released. */
    private static final class Blocker implements Runnable {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void run() {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void runningWaitingAndRunJobsAreReported() throws Exception {
        WorkerPool pool = new WorkerPool(1, 8, "test-worker");
        try {
            Blocker blocker = new Blocker();
            pool.execute(blocker);
            assertTrue(blocker.started.await(10, TimeUnit.SECONDS));
            pool.execute(() -> { });
            pool.execute(new Blocker());

            List<Map<String, Object>> threads = pool.threads(true);
            assertEquals(1, threads.size());
            assertEquals(List.of("id", "job", "runs"), List.copyOf(threads.get(0).keySet()));
            assertTrue(((String) threads.get(0).get("id")).matches("0x[0-9a-f]+"));
            assertEquals("WorkerPoolTest$Blocker", threads.get(0).get("job"));
            assertEquals(1L, threads.get(0).get("runs"));
            assertEquals(List.of("WorkerPoolTest", "WorkerPoolTest$Blocker"), pool.pending());
            assertEquals(List.of("id", "job", "runs"), List.copyOf(Diagnostics.processInfo(pool)
                    .get("threads") instanceof List<?> l ? ((Map<?, ?>) l.get(0)).keySet() : null));

            List<Map<String, Object>> frames = pool.callstack(0);
            assertTrue(frames.stream().anyMatch(f -> "run".equals(f.get("function"))
                    && Blocker.class.getName().equals(f.get("module"))), frames.toString());
            assertEquals(List.of("address", "module", "function", "line"), List.copyOf(frames.stream()
                    .filter(f -> f.containsKey("line")).findFirst().orElseThrow().keySet()));
            assertNull(pool.callstack(1));

            blocker.release.countDown();
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anIdleThreadShowsNoJobInR4AndAnEmptyOneInR5() throws Exception {
        WorkerPool pool = new WorkerPool(1, 8, "test-worker");
        try {
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"".equals(pool.threads(true).get(0).get("job")) && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // afterExecute runs just after the job
            }
            assertEquals("", pool.threads(true).get(0).get("job"));
            assertEquals(List.of("id", "runs"), List.copyOf(pool.threads(false).get(0).keySet()));
            assertEquals(Map.of("threads", pool.threads(false)), Diagnostics.processInfo(pool), "no pending member");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void linksInEachReleasesOrderWhileOpen() {
        Links links = new Links();
        long http = links.opened(new InetSocketAddress("127.0.0.1", 40000), Links.WEB_SERVER);
        long ws = links.opened(new InetSocketAddress("127.0.0.1", 40001), Links.WEB_SOCKET);
        assertEquals(List.of(Map.of("remote", "127.0.0.1", "state", "WebServer", "activity", true, "id", http),
                Map.of("remote", "127.0.0.1", "state", "WebSocket", "activity", true, "id", ws)),
                links.report(WireProfile.R4));
        assertEquals(List.of("remote", "state", "activity", "id"), List.copyOf(links.report(WireProfile.R4).get(0)
                .keySet()));
        assertEquals(List.of("remote", "state", "id", "activity"), List.copyOf(links.report(WireProfile.R5).get(0)
                .keySet()));
        assertEquals("127.0.0.1@40001", links.report(WireProfile.R5).get(1).get("remote"));
        links.closed(http);
        assertEquals(1, links.report(WireProfile.R4).size());
        assertTrue(links.has(ws));
        links.closed(ws);
        assertEquals(List.of(), links.report(WireProfile.R5));
    }

    @Test
    void buildInfoHasR53sMembers() {
        assertEquals(List.of("systemtype", "buildtype", "messaging", "exceptioncatching", "deadlockdetection",
                "wcharsupport", "instanceidbits", "threadpoolcount", "comrpctimeout"),
                List.copyOf(Diagnostics.buildInfo(4).keySet()));
        assertEquals(4, Diagnostics.buildInfo(4).get("threadpoolcount"));
    }

    @Test
    void aWorkerThatEndsWhenIdleIsNoLongerListed() throws Exception {
        WorkerPool pool = new WorkerPool(1, 8, "test-worker", 1, true);
        try {
            pool.execute(() -> { });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.getPoolSize() > 0 || !pool.threads(true).isEmpty()) { // the idle worker ends after 1 s
                assertTrue(System.nanoTime() < deadline, "an idle worker still listed: " + pool.threads(true));
                Thread.sleep(20); // polling the condition, bounded by the deadline
            }
            assertEquals(1L, pool.getCompletedTaskCount());
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
