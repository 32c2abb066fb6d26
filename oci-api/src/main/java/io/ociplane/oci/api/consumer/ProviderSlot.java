package io.ociplane.oci.api.consumer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;

/**
 * The container provider a consumer uses: the highest-ranked {@link ContainerRuntime}, bound and unbound by the
 * consumer's dynamic, greedy, optional reference. While a provider is being replaced (its bundle updated, the Dobby
 * daemon leaving for the runc provider) a caller waits, bounded, for the next one instead of failing at once. A
 * consumer that has just started is treated like one whose provider just left, so a call made while the runtime is
 * still starting waits for the first provider. Waits happen only within the grace after the start or after the last
 * provider left, so where there is no provider calls answer at once after that. Providers that cannot serve say why
 * ({@link ProviderProblem}); the slot puts their reasons into what it answers while it has no provider.
 */
public final class ProviderSlot {

    /**
     * The grace consumers use: less than the host's restart grace (2 s), so a call that waited for its plugin to
     * restart and then for a provider still ends within the host's bound plus a second.
     */
    public static final long DEFAULT_GRACE_MILLIS = 1500;
    /** What a consumer says while it has no provider, before the reasons the providers gave. */
    public static final String NO_PROVIDER = "no container provider is available";

    private final long graceNanos;
    private volatile ContainerRuntime current;
    private boolean lost = true; // guarded by this: no provider, since the start or since the last one left
    private long lostAt = System.nanoTime(); // guarded by this: when that began
    private final List<ProviderProblem> problems = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    /** @param graceMillis how long after the start, or after a provider left, a caller may wait for the next one */
    public ProviderSlot(long graceMillis) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        ready.completeOnTimeout(null, graceMillis, TimeUnit.MILLISECONDS);
    }

    public synchronized void bind(ContainerRuntime runtime) {
        current = runtime;
        lost = false;
        notifyAll();
        ready.complete(null);
    }

    /** DS binds a replacement before it unbinds the old provider: only the current one is taken out. */
    public synchronized void unbind(ContainerRuntime runtime) {
        if (current == runtime) {
            current = null;
            lost = true;
            lostAt = System.nanoTime();
        }
    }

    /** A provider said it cannot serve (bind it with a dynamic, multiple, optional reference). */
    public void addProblem(ProviderProblem problem) {
        problems.add(problem);
    }

    public void removeProblem(ProviderProblem problem) {
        problems.remove(problem);
    }

    /**
     * Completes when the first provider is bound, or when the grace after the start has passed without one (the
     * consumer has given up waiting; {@link #unavailable()} says why).
     */
    public CompletionStage<Void> ready() {
        return ready.minimalCompletionStage();
    }

    /** For people: the provider in use, or why there is none. */
    public String note() {
        ContainerRuntime r = current;
        return r == null ? unavailable() : "container provider: " + r.name();
    }

    /** Why there is no provider: {@link #NO_PROVIDER}, with the reasons providers gave. */
    public String unavailable() {
        if (problems.isEmpty()) {
            return NO_PROVIDER;
        }
        return problems.stream().map(p -> p.provider() + ": " + p.reason())
                .collect(Collectors.joining("; ", NO_PROVIDER + " (", ")"));
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
