package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readiness without a bus: Ready, the ping fallback and its cap, and owners coming and going. */
class DaemonPresenceTest {

    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> left = new LinkedBlockingQueue<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile boolean answers = true;

    private final DaemonPresence presence = new DaemonPresence(control, 50, 2, () -> {
        pings.incrementAndGet();
        changes.add("ping");
        return answers;
    }, new DaemonPresence.Changes() {
        @Override
        public void ready() {
            changes.add("ready");
        }

        @Override
        public void gone(boolean wasReady, boolean daemonLeft) {
            changes.add(wasReady ? "gone after ready" : "gone before ready");
            left.add(daemonLeft);
        }
    });

    @AfterEach
    void stop() {
        control.shutdownNow();
    }

    /** The presence is used on its control thread only, so the test calls it there too. */
    private <T> T onControl(Callable<T> call) throws Exception {
        return control.submit(call).get(5, TimeUnit.SECONDS);
    }

    private void onControl(Runnable call) throws Exception {
        control.submit(call).get(5, TimeUnit.SECONDS);
    }

    private String next() throws InterruptedException {
        return changes.poll(5, TimeUnit.SECONDS);
    }

    @Test
    void readyFromTheNewOwnerNeedsNoPing() throws Exception {
        onControl(() -> { // in one go, well within the ready timeout
            presence.ownerChanged(":1.7");
            presence.readySignal(":1.8"); // someone else's Ready
            presence.readySignal(":1.7");
        });
        assertEquals("ready", next());
        assertEquals(0, pings.get());
        assertEquals(true, onControl(presence::isReady));
        onControl(() -> presence.ownerChanged(""));
        assertEquals("gone after ready", next());
    }

    @Test
    void aNewOwnerThatSaysNothingIsPingedAfterTheReadyTimeout() throws Exception {
        onControl(() -> presence.ownerChanged(":1.9"));
        assertEquals("ping", next());
        assertEquals("ready", next());
    }

    @Test
    void anOwnerFoundAtConnectionIsPingedAtOnce() throws Exception {
        onControl(() -> presence.ownerFound(":1.3"));
        assertEquals("ping", changes.poll());
        assertEquals("ready", changes.poll());
        onControl(() -> presence.ownerFound(":1.3"));
        assertNull(changes.poll(), "the same owner again changes nothing");
    }

    @Test
    void aSilentOwnerIsPingedAFewTimesThenLeftAlone() throws Exception {
        answers = false;
        onControl(() -> presence.ownerFound(":1.4"));
        assertEquals("ping", next());
        assertEquals("ping", next()); // a second later
        onControl(() -> presence.ownerChanged(":1.5")); // a restart starts over
        assertEquals("gone before ready", next());
        answers = true;
        assertEquals("ping", next());
        assertEquals("ready", next());
        assertEquals(3, pings.get());
    }

    @Test
    void losingTheBusBeforeReadyCancelsThePing() throws Exception {
        onControl(() -> {
            presence.ownerChanged(":2.1");
            presence.connectionLost();
        });
        assertEquals("gone before ready", next());
        onControl(() -> presence.ownerChanged(":2.2"));
        assertEquals("ping", next(), "only the new owner is pinged");
        assertEquals("ready", next());
        assertEquals(1, pings.get());
    }

    @Test
    void onlyALostOwnerMeansTheDaemonLeft() throws Exception {
        onControl(() -> presence.ownerFound(":3.1"));
        assertEquals("ping", next());
        assertEquals("ready", next());
        onControl(() -> presence.ownerChanged(""));
        assertEquals("gone after ready", next());
        assertEquals(true, left.poll(), "the name lost its owner: the daemon left");
        onControl(() -> presence.ownerFound(":3.2"));
        assertEquals("ping", next());
        assertEquals("ready", next());
        onControl(presence::connectionLost);
        assertEquals("gone after ready", next());
        assertEquals(false, left.poll(), "only this client's connection went");
    }
}
