package io.ociplane.jsonrpc.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

class HostSlotTest {

    private static final JsonCodec CODEC = new JsonCodec(WireProfile.R4);

    /** A request that arrives while no host is there waits and is served by the next one. */
    @Test
    void aRequestWaitsForTheNextHost() throws Exception {
        HostSlot slot = new HostSlot();
        slot.open();
        slot.beforeFirstHost(30_000, CODEC);
        CompletableFuture<JsonRpcHost> served = new CompletableFuture<>();
        Thread request = new Thread(() -> served.complete(slot.await()));
        request.start();
        awaitWaiting(request);
        JsonRpcHost next = new JsonRpcHost();
        slot.bind(next);
        assertSame(next, served.get(10, TimeUnit.SECONDS));
    }

    @Test
    void withoutAHostWithinTheGraceTheRequestGetsNone() {
        HostSlot slot = new HostSlot();
        slot.open();
        slot.beforeFirstHost(200, CODEC);
        long start = System.nanoTime();
        assertNull(slot.await());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "waited the grace");
        assertSame(CODEC, slot.codec(), "answers without a host use the codec given for that");
    }

    /** The endpoint goes: a waiting request is answered at once, not after the grace. */
    @Test
    void closingReleasesWaitingRequests() throws Exception {
        HostSlot slot = new HostSlot();
        slot.open();
        slot.beforeFirstHost(60_000, CODEC);
        CompletableFuture<JsonRpcHost> served = new CompletableFuture<>();
        Thread request = new Thread(() -> served.complete(slot.await()));
        request.start();
        awaitWaiting(request);
        slot.close();
        assertNull(served.get(10, TimeUnit.SECONDS));
        assertNull(slot.await(), "nothing waits after the close");
    }

    /** DS may bind the next host before it unbinds the old one: the late unbind leaves the next one in place. */
    @Test
    void aLateUnbindKeepsTheNextHost() {
        HostSlot slot = new HostSlot();
        JsonRpcHost old = new JsonRpcHost();
        JsonRpcHost next = new JsonRpcHost();
        slot.bind(old);
        slot.bind(next);
        assertFalse(slot.unbind(old));
        assertSame(next, slot.current());
    }

    /** Waits (polling the thread's state, bounded) until the thread waits in the slot. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the request thread did not start waiting");
            Thread.sleep(5); // polling interval; the state decides
        }
    }
}
