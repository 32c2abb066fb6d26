package io.ociplane.jsonrpc.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * A Controller operation waits for the state it asked for and returns only once the change has been announced
 * (its statechange is out): the service appears (or goes) on another thread, whose announcement may lag behind.
 */
class AnnouncedBeforeReturnTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final PluginRegistry registry = new PluginRegistry();
    private final PluginApi api = PluginApi.builder().method("ping", () -> "pong").build();
    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final CountDownLatch announcing = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A listener that holds the first announcement until released. */
    private void slowListener() {
        registry.setListener((r, state, reason) -> {
            if (announcing.getCount() > 0) {
                announcing.countDown();
                await(release);
            }
            announced.add(state.pascal());
        });
    }

    @Test
    void awaitServedReturnsAfterTheActivationIsAnnounced() throws Exception {
        PluginRecord r = registry.upsertFile(new PluginFile("Flip", "demo", "Demo", true, null, null, null, null));
        registry.setDesired(r, PluginRecord.Desired.ACTIVATED, "Requested");
        slowListener();
        threads.execute(() -> registry.served("Flip", new Served(api, 1, null, null)));
        assertTrue(announcing.await(10, TimeUnit.SECONDS));
        CompletableFuture<List<String>> activated = CompletableFuture.supplyAsync(() -> {
            registry.awaitServed(r, 10_000);
            return List.copyOf(announced);
        }, threads);
        assertFalse(activated.isDone(), "served, but not yet announced");
        release.countDown();
        assertEquals(List.of("Activated"), activated.get(10, TimeUnit.SECONDS));
    }

    @Test
    void awaitUnservedReturnsAfterTheDeactivationIsAnnounced() throws Exception {
        PluginRecord r = registry.upsertFile(new PluginFile("Flip", "demo", "Demo", true, null, null, null, null));
        registry.served("Flip", new Served(api, 1, null, null));
        registry.setDesired(r, PluginRecord.Desired.DEACTIVATED, "Requested");
        slowListener();
        threads.execute(() -> registry.unserved("Flip", 1));
        assertTrue(announcing.await(10, TimeUnit.SECONDS));
        CompletableFuture<List<String>> deactivated = CompletableFuture.supplyAsync(() -> {
            assertTrue(registry.awaitUnserved(r, 10_000));
            return List.copyOf(announced);
        }, threads);
        assertFalse(deactivated.isDone(), "gone, but not yet announced");
        release.countDown();
        assertEquals(List.of("Deactivated"), deactivated.get(10, TimeUnit.SECONDS));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
