package io.ociplane.oci.runc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.ociplane.oci.api.AnnotationLimits;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerState;

/**
 * A container the provider tracks: fixed identity and workspace, and its current run, state and annotations.
 *
 * <p>Readers ({@code state()}, {@code info()}) and the exit thread never wait for a runtime command: state and
 * run are volatile, annotations, the restart count and record writes have small locks of their own that no
 * command is run under. Operations that run runtime commands on the container and must not overlap (pause, resume, exec,
 * stop) take its {@linkplain #takeTurn() turn} instead (docs/concurrency.md).
 */
final class RuncContainer {

    /** A container's turn for an operation, held until closed. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One run of the container's init (a restart on crash makes another).
     *
     * @param monitor the exit code of the {@code runc run} process that is the init's parent (completed when it
     *            ends, from its watcher's status file), or {@code null} for a container re-adopted from an earlier
     *            provider (watched through /proc, status unknown)
     * @param exited completed when the init has exited
     */
    record Run(CompletableFuture<Integer> monitor, long initPid, long initStartTicks, CompletableFuture<Void> exited) {
    }

    private static final int MAX_RESTARTS = 10;
    private static final Duration RESTART_WINDOW = Duration.ofMinutes(5);

    final String id;
    final int descriptor;
    final Path workspace;
    final LaunchOptions launch;
    private final AtomicReference<ContainerState> state = new AtomicReference<>(ContainerState.STARTING);
    private volatile Run run;
    private volatile boolean stopRequested;
    private final Map<String, String> annotations = new TreeMap<>(); // guarded by itself
    private final Deque<Long> restarts = new ArrayDeque<>(); // guarded by itself
    private final ReentrantLock operations = new ReentrantLock(true); // turns in the order asked for
    private final Object persisting = new Object();

    RuncContainer(String id, int descriptor, Path workspace, LaunchOptions launch, Map<String, String> annotations) {
        this.id = id;
        this.descriptor = descriptor;
        this.workspace = workspace;
        this.launch = launch;
        this.annotations.putAll(annotations);
    }

    ContainerState state() {
        return state.get();
    }

    ContainerRef ref() {
        return new ContainerRef(descriptor, id);
    }

    void state(ContainerState s) {
        state.set(s);
    }

    /** Moves the state from {@code from} to {@code to}; false (and no change) when it is no longer {@code from}. */
    boolean changeState(ContainerState from, ContainerState to) {
        return state.compareAndSet(from, to);
    }

    Run run() {
        return run;
    }

    /** A new run of the init has started, in the given state (running, or paused for a re-adopted container). */
    void started(Run r, ContainerState s) {
        run = r;
        state.set(s);
    }

    /** The same init, watched in another way from now on (its runtime process is gone); the state stays. */
    void rewatched(Run r) {
        run = r;
    }

    /** An explicit stop: the container is not restarted when it ends, whatever its status. */
    void requestStop() {
        stopRequested = true;
    }

    /**
     * Waits for the container's turn: one operation that runs runtime commands on it at a time. Each holder is
     * bounded by the command timeout of what it runs.
     */
    Turn takeTurn() throws ContainerException {
        try {
            operations.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(ContainerException.Reason.PROVIDER_ERROR, "interrupted while waiting for"
                    + " another operation on '" + id + "'", e);
        }
        return operations::unlock;
    }

    /**
     * Whether an init that ended with {@code status} should be respawned, as Dobby's restartOnCrash: a non-zero
     * status, no explicit stop, and fewer than 10 restarts in the last 5 minutes. Counts the restart when true.
     */
    boolean takeRestart(Integer status, long nowNanos) {
        if (!launch.restartOnCrash() || stopRequested || status == null || status == 0) {
            return false;
        }
        synchronized (restarts) {
            while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() > RESTART_WINDOW.toNanos()) {
                restarts.removeFirst();
            }
            if (restarts.size() >= MAX_RESTARTS) {
                return false;
            }
            restarts.addLast(nowNanos);
            return true;
        }
    }

    Map<String, String> annotations() {
        synchronized (annotations) {
            return Map.copyOf(annotations);
        }
    }

    /** Sets an annotation within {@code limits}: a new key only while there is room for one. */
    void annotate(String key, String value, AnnotationLimits limits) throws ContainerException {
        limits.checkEntry(key, value);
        synchronized (annotations) {
            limits.checkRoom(id, annotations, key);
            annotations.put(key, value);
        }
    }

    boolean removeAnnotation(String key) {
        synchronized (annotations) {
            return annotations.remove(key) != null;
        }
    }

    /**
     * Writes the record, one write of this container at a time, each with what is current when it is written:
     * the last write on disk has the latest run and annotations, and writers never share a temporary file.
     */
    void persist(RecordStore records) throws ContainerException {
        synchronized (persisting) {
            records.write(record());
        }
    }

    /** What a later provider needs to re-adopt this container. */
    ContainerRecord record() {
        Run r = run;
        long pid = r == null ? 0 : r.initPid();
        long ticks = r == null ? 0 : r.initStartTicks();
        return new ContainerRecord(id, descriptor, workspace.toString(), launch, pid, ticks, annotations());
    }
}
