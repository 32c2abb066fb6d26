package io.ociplane.oci.crun;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import io.ociplane.oci.api.AnnotationLimits;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerState;

/** A container the provider tracks: fixed identity and workspace, and its current run, state and annotations. */
final class RuncContainer {

    /**
     * One run of the container's init (a restart on crash makes another).
     *
     * @param monitor the {@code runc run} process that is the init's parent and reports its exit, or {@code null}
     *            for a container re-adopted from an earlier provider (watched through /proc, status unknown)
     * @param exited completed when the init has exited
     */
    record Run(Process monitor, long initPid, long initStartTicks, CompletableFuture<Void> exited) {
    }

    private static final int MAX_RESTARTS = 10;
    private static final Duration RESTART_WINDOW = Duration.ofMinutes(5);

    final String id;
    final int descriptor;
    final Path workspace;
    final LaunchOptions launch;
    private ContainerState state = ContainerState.STARTING;
    private Run run;
    private boolean stopRequested;
    private final Map<String, String> annotations = new TreeMap<>();
    private final Deque<Long> restarts = new ArrayDeque<>();

    RuncContainer(String id, int descriptor, Path workspace, LaunchOptions launch, Map<String, String> annotations) {
        this.id = id;
        this.descriptor = descriptor;
        this.workspace = workspace;
        this.launch = launch;
        this.annotations.putAll(annotations);
    }

    synchronized ContainerState state() {
        return state;
    }

    synchronized void state(ContainerState s) {
        state = s;
    }

    synchronized Run run() {
        return run;
    }

    /** A new run of the init has started, in the given state (running, or paused for a re-adopted container). */
    synchronized void started(Run r, ContainerState s) {
        run = r;
        state = s;
    }

    /** An explicit stop: the container is not restarted when it ends, whatever its status. */
    synchronized void requestStop() {
        stopRequested = true;
    }

    /**
     * Whether an init that ended with {@code status} should be respawned, as Dobby's restartOnCrash: a non-zero
     * status, no explicit stop, and fewer than 10 restarts in the last 5 minutes. Counts the restart when true.
     */
    synchronized boolean takeRestart(Integer status, long nowNanos) {
        if (!launch.restartOnCrash() || stopRequested || status == null || status == 0) {
            return false;
        }
        while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() > RESTART_WINDOW.toNanos()) {
            restarts.removeFirst();
        }
        if (restarts.size() >= MAX_RESTARTS) {
            return false;
        }
        restarts.addLast(nowNanos);
        return true;
    }

    synchronized Map<String, String> annotations() {
        return Map.copyOf(annotations);
    }

    /** Sets an annotation within {@code limits}: a new key only while there is room for one. */
    synchronized void annotate(String key, String value, AnnotationLimits limits) throws ContainerException {
        limits.checkEntry(key, value);
        limits.checkRoom(id, annotations, key);
        annotations.put(key, value);
    }

    synchronized boolean removeAnnotation(String key) {
        return annotations.remove(key) != null;
    }

    /** What a later provider needs to re-adopt this container. */
    synchronized ContainerRecord record() {
        long pid = run == null ? 0 : run.initPid();
        long ticks = run == null ? 0 : run.initStartTicks();
        return new ContainerRecord(id, descriptor, workspace.toString(), launch, pid, ticks, annotations);
    }
}
