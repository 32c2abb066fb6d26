package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

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
}
