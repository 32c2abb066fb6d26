package io.ociplane.oci.api.consumer;

import java.util.concurrent.TimeUnit;

import io.ociplane.oci.api.ContainerRuntime;

/**
 * The container provider a consumer uses: the highest-ranked {@link ContainerRuntime}, bound and unbound by the
 * consumer's dynamic, greedy, optional reference. While a provider is being replaced (its bundle updated, the Dobby
 * daemon leaving for the runc provider) a caller waits, bounded, for the next one instead of failing at once. A
 * consumer that has just started is treated like one whose provider just left, so a call made while the runtime is
 * still starting waits for the first provider. Waits happen only within the grace after the start or after the last
 * provider left, so where there is no provider calls answer at once after that.
 */
public final class ProviderSlot {

    /**
     * The grace consumers use: less than the host's restart grace (2 s), so a call that waited for its plugin to
     * restart and then for a provider still ends within the host's bound plus a second.
     */
    public static final long DEFAULT_GRACE_MILLIS = 1500;

    private final long graceNanos;
    private volatile ContainerRuntime current;
    private boolean lost = true; // guarded by this: no provider, since the start or since the last one left
    private long lostAt = System.nanoTime(); // guarded by this: when that began

    /** @param graceMillis how long after the start, or after a provider left, a caller may wait for the next one */
    public ProviderSlot(long graceMillis) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    }

    public synchronized void bind(ContainerRuntime runtime) {
        current = runtime;
        lost = false;
        notifyAll();
    }

    /** DS binds a replacement before it unbinds the old provider: only the current one is taken out. */
    public synchronized void unbind(ContainerRuntime runtime) {
        if (current == runtime) {
            current = null;
            lost = true;
            lostAt = System.nanoTime();
        }
    }

    /** The provider now, or {@code null}; never waits (for telling events of this provider from others). */
    public ContainerRuntime current() {
        return current;
    }

    /**
     * The provider, waiting for one while the last provider left less than the grace ago.
     *
     * @return the provider, or {@code null} when there is none and none came within the grace
     */
    public ContainerRuntime await() {
        ContainerRuntime r = current;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            while (current == null && lost) {
                long left = lostAt + graceNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return current;
        }
    }
}
