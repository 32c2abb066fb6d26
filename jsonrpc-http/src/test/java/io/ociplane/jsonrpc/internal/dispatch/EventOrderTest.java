package io.ociplane.jsonrpc.internal.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventOrderTest {

    private final EventOrder order = new EventOrder();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void nothingSendingMeansNoWait() {
        assertTrue(order.awaitEarlier(1));
        order.emit(() -> { });
        assertTrue(order.awaitEarlier(1));
    }

    @Test
    void aReplyWaitsForAnEmissionThatBeganBeforeItAndOnlyForThat() throws Exception {
        CountDownLatch earlyBegan = new CountDownLatch(1);
        CountDownLatch releaseEarly = new CountDownLatch(1);
        AtomicBoolean earlySent = new AtomicBoolean();
        threads.execute(() -> order.emit(() -> {
            earlyBegan.countDown();
            await(releaseEarly);
            earlySent.set(true);
        }));
        assertTrue(earlyBegan.await(10, TimeUnit.SECONDS));

        long replyReady = order.horizon(); // the reply's call returned here: what began before counts
        CompletableFuture<Boolean> reply = CompletableFuture.supplyAsync(() -> {
            boolean inTime = order.awaitBefore(replyReady, 10_000);
            return inTime && earlySent.get(); // the early emission had sent everything when the reply went
        }, threads);
        // a later emission that never ends while the reply waits: it began after the reply, so it does not hold it
        CountDownLatch lateBegan = new CountDownLatch(1);
        CountDownLatch releaseLate = new CountDownLatch(1);
        threads.execute(() -> order.emit(() -> {
            lateBegan.countDown();
            await(releaseLate);
        }));
        assertTrue(lateBegan.await(10, TimeUnit.SECONDS));
        assertFalse(reply.isDone(), "the reply waits while the early emission sends");

        releaseEarly.countDown();
        assertTrue(reply.get(10, TimeUnit.SECONDS), "the reply went after the early emission, not held by the late one");
        releaseLate.countDown();
    }

    @Test
    void theWaitIsBounded() throws Exception {
        CountDownLatch began = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.execute(() -> order.emit(() -> {
            began.countDown();
            await(release);
        }));
        assertTrue(began.await(10, TimeUnit.SECONDS));
        assertFalse(order.awaitEarlier(20), "a stuck emission does not hold a reply beyond the bound");
        release.countDown();
        assertTrue(order.awaitEarlier(10_000));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
