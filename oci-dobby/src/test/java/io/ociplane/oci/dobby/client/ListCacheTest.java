package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerRef;

class ListCacheTest {

    private static final List<ContainerRef> ONE = List.of(new ContainerRef(734, "a"));

    @Test
    void anAnswerIsReusedUntilDropped() {
        ListCache cache = new ListCache(60_000);
        assertNull(cache.get());
        cache.offer(cache.generation(), ONE);
        assertEquals(ONE, cache.get());
        cache.drop();
        assertNull(cache.get());
    }

    @Test
    void anAnswerToAListSentBeforeADropIsNotKept() {
        ListCache cache = new ListCache(60_000);
        long sentAt = cache.generation();
        cache.drop(); // a signal arrived while the List was on its way
        cache.offer(sentAt, ONE);
        assertNull(cache.get());
    }

    @Test
    void theKeptAnswerIsACopy() {
        ListCache cache = new ListCache(60_000);
        List<ContainerRef> refs = new ArrayList<>(ONE);
        cache.offer(cache.generation(), refs);
        refs.clear();
        assertEquals(ONE, cache.get());
    }

    @Test
    void zeroKeepsNothing() {
        ListCache cache = new ListCache(0);
        cache.offer(cache.generation(), ONE);
        assertNull(cache.get());
    }

    @Test
    void callersThatMissTogetherShareOneList() throws Exception {
        ListCache cache = new ListCache(60_000);
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger lists = new AtomicInteger();
        ListCache.Lister slow = () -> {
            lists.incrementAndGet();
            sent.countDown();
            await(answer);
            return ONE;
        };
        CompletableFuture<List<ContainerRef>> first = CompletableFuture.supplyAsync(() -> get(cache, slow));
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        List<CompletableFuture<List<ContainerRef>>> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(CompletableFuture.supplyAsync(() -> get(cache, slow)));
        }
        answer.countDown();
        assertEquals(ONE, first.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<List<ContainerRef>> o : others) {
            assertEquals(ONE, o.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, lists.get(), "one List for all callers");
    }

    @Test
    void afterADropCallersDoNotJoinTheOlderList() throws Exception {
        ListCache cache = new ListCache(60_000);
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger lists = new AtomicInteger();
        CompletableFuture<List<ContainerRef>> old = CompletableFuture.supplyAsync(() -> get(cache, () -> {
            lists.incrementAndGet();
            sent.countDown();
            await(answer);
            return ONE;
        }));
        assertTrue(sent.await(10, TimeUnit.SECONDS));
        cache.drop(); // a signal: what the List in flight says may be old
        assertEquals(List.of(), get(cache, () -> {
            lists.incrementAndGet();
            return List.of();
        }));
        answer.countDown();
        assertEquals(ONE, old.get(10, TimeUnit.SECONDS));
        assertEquals(2, lists.get());
        assertEquals(List.of(), cache.get(), "the older answer is not kept over the newer");
    }

    private static List<ContainerRef> get(ListCache cache, ListCache.Lister lister) {
        try {
            return cache.get(lister, 10_000);
        } catch (io.ociplane.oci.api.ContainerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
