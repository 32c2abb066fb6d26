package io.ociplane.oci.runc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices the exit of inits that are not children of this provider (containers re-adopted after a provider
 * restart, whose {@code runc run} parent belonged to an earlier provider). Linux offers a non-parent no exit
 * notification that Java can wait on, so /proc is checked every {@value #PERIOD_MILLIS} ms, and only while there
 * is such a container; exits are reported well within Dobby's 100 ms.
 */
final class InitPoller {

    static final long PERIOD_MILLIS = 25;

    private final ScheduledExecutorService timer;
    private final ProcFs proc;
    private final Map<RuncContainer.Run, Runnable> watched = new ConcurrentHashMap<>();
    private ScheduledFuture<?> task;

    InitPoller(ScheduledExecutorService timer, ProcFs proc) {
        this.timer = timer;
        this.proc = proc;
    }

    /** Calls {@code onExit} (on the timer thread) once the run's init has exited, and completes its future. */
    synchronized void watch(RuncContainer.Run run, Runnable onExit) {
        watched.put(run, onExit);
        if (task == null) {
            task = timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        watched.forEach((run, onExit) -> {
            if (!proc.isAlive(run.initPid(), run.initStartTicks()) && watched.remove(run) != null) {
                run.exited().complete(null);
                onExit.run();
            }
        });
        synchronized (this) {
            if (watched.isEmpty() && task != null) {
                task.cancel(false);
                task = null;
            }
        }
    }
}
