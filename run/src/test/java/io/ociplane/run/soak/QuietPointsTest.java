package io.ociplane.run.soak;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;

/** The sampler's hold on the workers (docs/soak.md#quiet-points). */
public class QuietPointsTest {

    /** A worker that goes through {@code rounds} gaps between containers, counting each one it passed. */
    private static Thread worker(QuietPoints quiet, int rounds, AtomicInteger passed) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    quiet.between();
                    passed.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                quiet.left();
            }
        });
        t.setDaemon(true);
        return t;
    }

    @Test
    public void holdReturnsOnceEveryWorkerWaitsAndReleaseLetsThemOn() throws Exception {
        QuietPoints quiet = new QuietPoints(2);
        AtomicInteger passed = new AtomicInteger();
        assertFalse("no worker is in a gap yet, and none has left: the hold waits", quiet.hold(50));
        Thread a = worker(quiet, 1, passed);
        Thread b = worker(quiet, 1, passed);
        a.start();
        b.start();
        assertTrue(quiet.hold(10_000));
        assertEquals("both wait in the gap", 0, passed.get());
        quiet.release();
        a.join(10_000);
        b.join(10_000);
        assertEquals(2, passed.get());
    }

    @Test
    public void aWorkerStillBusyMakesTheHoldTimeOut() throws Exception {
        QuietPoints quiet = new QuietPoints(2);
        CountDownLatch busy = new CountDownLatch(1);
        Thread stuck = new Thread(() -> {
            try {
                busy.await(); // in the middle of a container until the test ends
                quiet.between();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stuck.setDaemon(true);
        stuck.start();
        AtomicInteger passed = new AtomicInteger();
        Thread idle = worker(quiet, 1, passed);
        idle.start();
        assertFalse(quiet.hold(200));
        quiet.release();
        idle.join(10_000);
        assertEquals(1, passed.get());
        busy.countDown();
        stuck.join(10_000);
        assertFalse(stuck.isAlive());
    }

    @Test
    public void workersThatLeftDoNotCount() throws Exception {
        QuietPoints quiet = new QuietPoints(3);
        AtomicInteger passed = new AtomicInteger();
        Thread done = worker(quiet, 0, passed); // ends at once
        done.start();
        done.join(10_000);
        Thread other = worker(quiet, 0, passed);
        other.start();
        other.join(10_000);
        Thread last = worker(quiet, 1, passed);
        last.start();
        assertTrue(quiet.hold(10_000));
        quiet.release();
        last.join(10_000);
        assertEquals(1, passed.get());
        assertTrue("with every worker gone a hold returns at once", quiet.hold(0));
        quiet.release();
    }

    @Test
    public void withoutAHoldWorkersPassStraightThrough() throws Exception {
        QuietPoints quiet = new QuietPoints(1);
        AtomicInteger passed = new AtomicInteger();
        Thread w = worker(quiet, 100, passed);
        w.start();
        w.join(10_000);
        assertEquals(100, passed.get());
        assertTrue("the worker has left", quiet.hold(0));
    }
}
