package io.ociplane.jsonrpc.internal.http;

import java.util.concurrent.TimeUnit;

/**
 * The requests an endpoint is serving, so that it can let them end before its bundle goes: once the bundle is
 * stopped for an update, the framework refreshes it and a request still running on the old code fails at the first
 * class it has not loaded yet (docs/host-restart.md).
 */
final class InFlight {

    private int running; // guarded by this

    synchronized void enter() {
        running++;
    }

    synchronized void exit() {
        if (--running == 0) {
            notifyAll();
        }
    }

    /** Waits until no request runs, up to {@code millis}; returns how many still run. */
    synchronized int awaitNone(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            for (long left = millis; running > 0 && left > 0; left = TimeUnit.NANOSECONDS.toMillis(deadline
                    - System.nanoTime())) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running;
    }
}
