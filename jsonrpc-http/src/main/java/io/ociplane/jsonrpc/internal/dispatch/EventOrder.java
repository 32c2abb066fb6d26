package io.ociplane.jsonrpc.internal.dispatch;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a call's events ahead of its reply on a connection (docs/thunder-wire.md#events): an event a plugin began
 * to emit before its call returned, from whatever thread (a provider's event thread, say), is sent before the
 * call's reply. Emissions take a ticket while they send; a reply waits only for the emissions that began before
 * it, which send without blocking, so it is held back no longer than their sending takes.
 */
public final class EventOrder {

    private final AtomicLong tickets = new AtomicLong();
    private final ConcurrentSkipListSet<Long> sending = new ConcurrentSkipListSet<>();
    private final Object lock = new Object();
    private volatile int waiting;

    /** Runs one emission (its event sent to every connection registered for it) under a ticket. */
    public void emit(Runnable sends) {
        Long ticket = tickets.getAndIncrement();
        sending.add(ticket);
        try {
            sends.run();
        } finally {
            sending.remove(ticket);
            if (waiting > 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Waits until every emission that began before this call has sent its events.
     *
     * @return false when they did not finish within the bound (the caller sends its reply anyway)
     */
    public boolean awaitEarlier(long maxMillis) {
        return awaitBefore(horizon(), maxMillis);
    }

    /** The ticket the next emission takes: every emission begun so far has a lower one. */
    long horizon() {
        return tickets.get();
    }

    /** Waits until every emission with a ticket below {@code horizon} has sent its events, at most the bound. */
    boolean awaitBefore(long horizon, long maxMillis) {
        if (!runningBefore(horizon)) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        synchronized (lock) {
            waiting++;
            try {
                while (runningBefore(horizon)) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    lock.wait(left);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waiting--;
            }
        }
    }

    private boolean runningBefore(long horizon) {
        Long oldest = sending.ceiling(Long.MIN_VALUE);
        return oldest != null && oldest < horizon;
    }
}
