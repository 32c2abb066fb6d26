package io.ociplane.oci.dobby.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerRef;

/**
 * The daemon's last List answer, reused for a short time. The set of containers changes only with a start or a
 * stop, and Dobby signals both (Started; StoppedWithStatus, Stopped), so the answer is dropped on every container
 * signal, whenever the daemon changes (a restart kills its containers without signals) and after this client's own
 * starts and stops; the time limit bounds what the few unsignalled changes (docs/dobby-dbus.md#signals) can leave
 * stale. Every polling client would otherwise queue a List behind the daemon's serialised ctrl1 calls. Callers that
 * miss together share one List (sent after the last drop), so an expiry under load sends one call, not one each.
 */
final class ListCache {

    /** Sends a List to the daemon. */
    interface Lister {
        List<ContainerRef> list() throws ContainerException;
    }

    private record Entry(List<ContainerRef> refs, long generation, long at) {
    }

    private record Flight(long generation, CompletableFuture<List<ContainerRef>> answer) {
    }

    private final AtomicReference<Flight> inFlight = new AtomicReference<>();

    private final long ttlNanos;
    private final AtomicLong generation = new AtomicLong();
    private volatile Entry entry;

    ListCache(long ttlMillis) {
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMillis);
    }

    /**
     * The reusable answer, or the answer of a List in flight since the last drop, or of a new one.
     *
     * @param waitMillis how long to wait for another caller's List at most
     */
    List<ContainerRef> get(Lister lister, long waitMillis) throws ContainerException {
        if (ttlNanos == 0) {
            return lister.list(); // reuse switched off: every call asks the daemon
        }
        List<ContainerRef> cached = get();
        if (cached != null) {
            return cached;
        }
        long sentAt = generation.get();
        Flight mine = new Flight(sentAt, new CompletableFuture<>());
        Flight current = inFlight.get();
        while (current == null || current.generation != sentAt) {
            // a List that ended between our look at the cache and our look at the flight left its answer first
            List<ContainerRef> landed = current == null ? get() : null;
            if (landed != null) {
                return landed;
            }
            if (inFlight.compareAndSet(current, mine)) {
                return send(lister, mine);
            }
            current = inFlight.get();
        }
        return join(current, waitMillis);
    }

    private List<ContainerRef> send(Lister lister, Flight flight) throws ContainerException {
        try {
            List<ContainerRef> refs = List.copyOf(lister.list()); // one answer for every caller that joined
            offer(flight.generation, refs);
            flight.answer.complete(refs);
            return refs;
        } catch (ContainerException | RuntimeException e) {
            flight.answer.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.compareAndSet(flight, null);
        }
    }

    private static List<ContainerRef> join(Flight flight, long waitMillis) throws ContainerException {
        try {
            return flight.answer.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ContainerException ce) {
                throw new ContainerException(ce.reason(), ce.getMessage());
            }
            throw new ContainerException(Reason.PROVIDER_ERROR, "List failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw new ContainerException(Reason.TIMEOUT, "no answer to List within " + waitMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.TIMEOUT, "interrupted while waiting for List");
        }
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
