package io.ociplane.jsonrpc.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Whether the host's start is over (docs/readiness.md): every plugin whose file starts it activated is served and
 * has said it is ready ({@link io.ociplane.jsonrpc.spi.PluginApi#ready()}), or waits for a bundle nobody installed
 * (Thunder's precondition state), or did not make it within the start timeout. Readiness happens once per host
 * start; what a plugin does later shows in its own state.
 */
public final class StartReadiness {

    private final PluginRegistry registry;
    private final Predicate<PluginRecord> implementationPresent;
    private final CompletableFuture<List<String>> done = new CompletableFuture<>();
    private volatile boolean filesApplied;

    /** @param implementationPresent whether a bundle that can serve a record is installed */
    public StartReadiness(PluginRegistry registry, Predicate<PluginRecord> implementationPresent) {
        this.registry = registry;
        this.implementationPresent = implementationPresent;
    }

    /**
     * Completes once the start is over, with the callsigns still not ready when the start timeout cut the wait
     * short (empty when every plugin made it).
     */
    public CompletionStage<List<String>> whenReady() {
        return done.minimalCompletionStage();
    }

    public boolean isReady() {
        return done.isDone();
    }

    /** The plugin files have been read and applied: from now on an empty {@link #waiting()} means ready. */
    public void filesApplied() {
        filesApplied = true;
        check();
    }

    /** Looks again; called on every plugin state change and whenever a plugin's readiness completes. */
    public void check() {
        if (filesApplied && !done.isDone() && waiting().isEmpty()) {
            done.complete(List.of());
        }
    }

    /** The start timeout has passed: ready now, with whatever is still waiting. */
    public void giveUp() {
        done.complete(waiting());
    }

    /** The autostart callsigns that are still coming, sorted; empty once ready. */
    public List<String> waiting() {
        if (done.isDone()) {
            return List.of();
        }
        List<String> waiting = new ArrayList<>();
        for (PluginRecord r : registry.all()) {
            if (stillComing(r)) {
                waiting.add(r.callsign());
            }
        }
        return waiting;
    }

    private boolean stillComing(PluginRecord r) {
        PluginFile f = r.file();
        if (f == null || !f.startsActivated() || r.desired() != PluginRecord.Desired.ACTIVATED) {
            return false; // self-registered (served when it is there), or not meant to run now
        }
        Served s = r.served();
        if (s == null) {
            return implementationPresent.test(r);
        }
        return !s.api().isReady();
    }
}
