package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the abuse ITs (issue 12) measure the runtime with: another client's latencies, the heap, huge frames. */
final class AbuseProbes {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private AbuseProbes() {
    }

    /** Another HTTP client calling one method (without params) without pause, from start to stop. */
    static final class Pinger implements AutoCloseable {
        private final String method;
        private final List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stopping;
        private Thread thread;

        Pinger(String method) {
            this.method = method;
        }

        Pinger start() {
            thread = new Thread(() -> {
                Rpc rpc = new Rpc();
                while (!stopping) {
                    long start = System.nanoTime();
                    Rpc.Response r = rpc.call(method, null);
                    millis.add((System.nanoTime() - start) / 1_000_000);
                    if (r.status() != 200) {
                        failures.add(r.status() + " " + r.body());
                    }
                }
            }, "abuse-pinger");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        /** The latencies sorted, after checking that every call was answered 200. */
        List<Long> stop() {
            close();
            assertEquals(List.of(), failures);
            assertFalse("the other client made no calls", millis.isEmpty());
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted;
        }

        @Override
        public void close() {
            stopping = true;
            try {
                thread.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The value at {@code fraction} (e.g. 0.99) of sorted latencies. */
    static long percentile(List<Long> sorted, double fraction) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * fraction) - 1));
    }

    /** The heap in use after a full collection: the ITs run in the runtime's own JVM. */
    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A 10 MB text frame is closed with 1009, a binary one with 1003, each within 2 s. */
    static void assertHugeFramesAreClosedAtOnce(int port) throws InterruptedException {
        for (int opcode : new int[] { RawWebSocket.TEXT, RawWebSocket.BINARY }) {
            try (RawWebSocket ws = new RawWebSocket(port, "/jsonrpc")) {
                long start = System.nanoTime();
                Thread writer = new Thread(() -> ws.sendLargeFrame(opcode, 10L << 20), "big-frame-writer");
                writer.start();
                RawWebSocket.Frame close = ws.readUntilClose(Duration.ofSeconds(5), new int[1]);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(close.closeReason(), opcode == RawWebSocket.TEXT ? 1009 : 1003, close.closeCode());
                assertTrue("closed after " + millis + " ms", millis < 2000);
                ws.close();
                writer.join(WAIT.toMillis());
                assertFalse(writer.isAlive());
            }
        }
    }
}
