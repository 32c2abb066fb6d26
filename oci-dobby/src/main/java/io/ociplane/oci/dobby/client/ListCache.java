package io.ociplane.oci.dobby.client;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.ociplane.oci.api.ContainerRef;

/**
 * The daemon's last List answer, reused for a short time. The set of containers changes only with a start or a
 * stop, and Dobby signals both (Started; StoppedWithStatus, Stopped), so the answer is dropped on every container
 * signal, whenever the daemon changes (a restart kills its containers without signals) and after this client's own
 * starts and stops; the time limit bounds what the few unsignalled changes (dobby-dbus.md 5.2) can leave stale.
 * Every polling client would otherwise queue a List behind the daemon's serialised ctrl1 calls.
 */
final class ListCache {

    private record Entry(List<ContainerRef> refs, long generation, long at) {
    }

    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private volatile Entry entry;

    ListCache(long ttlMillis) {
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMillis);
    }

    /** The answer to reuse, or {@code null}. */
    List<ContainerRef> get() {
        Entry e = entry;
        if (e == null || e.generation != generation.get() || System.nanoTime() - e.at >= ttlNanos) {
            return null;
        }
        return e.refs;
    }

    /** To pass to {@link #offer} with the answer of a List sent after this call. */
    long generation() {
        return generation.get();
    }

    /** Keeps an answer unless something was dropped since its List was sent. */
    void offer(long sentAt, List<ContainerRef> refs) {
        if (ttlNanos > 0 && sentAt == generation.get()) {
            entry = new Entry(List.copyOf(refs), sentAt, System.nanoTime());
        }
    }

    void drop() {
        generation.incrementAndGet();
        entry = null;
    }
}
