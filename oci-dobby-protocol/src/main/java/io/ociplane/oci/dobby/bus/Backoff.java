package io.ociplane.oci.dobby.bus;

/** Doubling delays between reconnection attempts, from a minimum up to a cap; reset after a success. */
public final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long next;

    public Backoff(long minMillis, long maxMillis) {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + minMillis + ", " + maxMillis);
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.next = minMillis;
    }

    public synchronized long nextDelayMillis() {
        long delay = next;
        next = Math.min(maxMillis, next * 2);
        return delay;
    }

    public synchronized void reset() {
        next = minMillis;
    }
}
