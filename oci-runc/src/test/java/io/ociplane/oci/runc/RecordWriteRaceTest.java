package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;

/**
 * Many threads annotating one real container at once: every call succeeds, and the record on disk (what a
 * restarted provider re-adopts) ends with exactly the annotations the container has.
 */
class RecordWriteRaceTest extends RealContainerTestBase {

    private static final int WRITERS = 8;
    private static final int KEYS = 8; // per writer: 64 in all, the default limit
    private static final int ROUNDS = 10; // the last round sets every key

    @RepeatedTest(3)
    void concurrentAnnotationsAllReachTheRecord() throws Exception {
        String id = newId("notes");
        Path bundle = bundles.bundle(tmp.resolve("b-" + id), "/bin/sleep", "60");
        runtime.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null));
        awaitEvent(ContainerEvent.Type.STARTED, id);

        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.execute(() -> {
                try {
                    go.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int k = 0; k < KEYS; k++) {
                            String key = "w" + writer + "-k" + k;
                            if (round % 3 == 2 && k % 2 == 0) {
                                runtime.removeAnnotation(id, key);
                            } else {
                                runtime.annotate(id, key, "round " + round);
                            }
                        }
                    }
                } catch (ContainerException e) {
                    failures.add(e.getMessage());
                } catch (InterruptedException e) {
                    failures.add("interrupted");
                }
            });
        }
        go.countDown();
        writers.shutdown();
        assertEquals(true, writers.awaitTermination(60, TimeUnit.SECONDS), "writers still run");
        assertEquals(List.of(), List.copyOf(failures));

        Map<String, String> expected = new TreeMap<>(runtime.info(id).annotations());
        assertEquals(WRITERS * KEYS, expected.size());
        runtime.close();
        runtime = open(); // re-adopts the container from its record
        assertEquals(expected, new TreeMap<>(runtime.info(id).annotations()), "the record on disk");
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }
}
