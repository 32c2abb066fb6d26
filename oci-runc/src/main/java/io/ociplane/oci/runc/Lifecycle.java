package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerState;

/**
 * A container's life as Dobby leads it (docs/dobby-dbus.md#lifecycle): started (Started before the start returns),
 * watched until its init exits, then restarted on a crash when asked to, or torn down (runtime state, record, nat
 * address, workspace) before StoppedWithStatus is reported.
 */
final class Lifecycle {

    /** Writes a container's bundle into its fresh workspace. */
    interface BundleWriter {
        void write(Path workspace) throws ContainerException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final Duration STARTED_DELIVERY = Duration.ofSeconds(5);

    private final ContainerTable table;
    private final Workspaces workspaces;
    private final RecordStore records;
    private final Launcher launcher;
    private final RuncCli cli;
    private final InitPoller poller;
    private final ConsoleFiles consoleFiles;
    private final ConsoleLimiter consoles;
    private final EventDispatcher events;
    private final ProcFs proc;
    private final NatNetwork nat;
    private final Executor exits;
    private volatile boolean closed;

    Lifecycle(ContainerTable table, Workspaces workspaces, RecordStore records,
            Launcher launcher, RuncCli cli, InitPoller poller, ConsoleFiles consoleFiles, ConsoleLimiter consoles,
            EventDispatcher events, ProcFs proc, NatNetwork nat, Executor exits) {
        this.table = table;
        this.workspaces = workspaces;
        this.records = records;
        this.launcher = launcher;
        this.cli = cli;
        this.poller = poller;
        this.consoleFiles = consoleFiles;
        this.consoles = consoles;
        this.events = events;
        this.proc = proc;
        this.nat = nat;
        this.exits = exits;
    }

    /**
     * Starts a container whose id is reserved: allocates its descriptor, writes its workspace, runs it, reports
     * Started and returns the container. On failure everything of the attempt is removed and the id released.
     */
    ContainerRef start(String id, LaunchOptions launch, BundleWriter writer) throws ContainerException {
        int descriptor = table.allocate();
        Path workspace = null;
        RuncContainer.Run run = null;
        LaunchOptions opened = null;
        try {
            workspace = workspaces.create(id);
            writer.write(workspace);
            opened = openConsole(id, launch);
            RuncContainer c = new RuncContainer(id, descriptor, workspace, opened, Map.of());
            c.persist(records); // before the run, so that a provider that dies mid-start leaves a known leftover
            run = launcher.launch(c);
            c.started(run, ContainerState.RUNNING);
            c.persist(records);
            table.publish(c);
            events.postAndWait(event(ContainerEvent.Type.STARTED, c, null), STARTED_DELIVERY);
            watchExit(c, run);
            return c.ref();
        } catch (ContainerException | RuntimeException e) {
            if (run != null) {
                cli.forceDelete(id);
            }
            if (opened != null) {
                closeConsole(opened);
            }
            records.delete(id);
            workspaces.delete(workspace);
            table.release(id, descriptor);
            throw e;
        }
    }

    /** Re-adopts a container found by {@link Readoption}: visible at once, its init watched through /proc. */
    void adopt(RuncContainer c) {
        if (!table.adopt(c)) {
            cli.forceDelete(c.id);
            return;
        }
        try {
            openConsoleLimit(c.launch);
        } catch (IOException e) {
            LOG.warn("cannot limit the console of '{}': {}", c.id, e.toString());
        }
        watchExit(c, c.run());
    }

    private void watchExit(RuncContainer c, RuncContainer.Run run) {
        if (run.monitor() != null) {
            run.exited().thenRun(() -> onExitThread(() -> monitorExited(c, run))); // (cancelled when closing)
        } else {
            poller.watch(run, () -> onExitThread(() -> finish(c, run, null)));
        }
    }

    private void onExitThread(Runnable work) {
        if (!closed) {
            try {
                exits.execute(work);
            } catch (RejectedExecutionException e) {
                // closing: the next provider finds the container dead and removes it
            }
        }
    }

    /** {@code runc run} ended: normally because the init exited, whose status is its exit code. */
    private void monitorExited(RuncContainer c, RuncContainer.Run run) {
        if (proc.isAlive(run.initPid(), run.initStartTicks())) {
            // the runtime process was killed, not the container: watch the init itself from now on
            LOG.warn("the runtime process of container '{}' ended; its init {} runs on (status now unknown)", c.id,
                    run.initPid());
            RuncContainer.Run orphan = new RuncContainer.Run(null, run.initPid(), run.initStartTicks(),
                    new CompletableFuture<>());
            c.rewatched(orphan);
            watchExit(c, orphan);
            return;
        }
        Integer code = run.monitor().join();
        finish(c, run, code == null ? null : ExitStatuses.fromExitCode(code));
    }

    /** The init of {@code run} exited with {@code status} (null if unknown): restart, or tear down and report. */
    private void finish(RuncContainer c, RuncContainer.Run run, Integer status) {
        if (closed || c.run() != run) {
            return;
        }
        cli.forceDelete(c.id); // only when the runtime left state behind (a lost monitor)
        if (c.takeRestart(status, System.nanoTime())) {
            try {
                RuncContainer.Run next = launcher.launch(c);
                c.started(next, ContainerState.RUNNING);
                c.persist(records);
                LOG.info("container '{}' exited with status {} and was restarted", c.id, status);
                events.post(event(ContainerEvent.Type.STARTED, c, null));
                watchExit(c, next);
                return;
            } catch (ContainerException e) {
                LOG.warn("restarting container '{}' failed: {}", c.id, e.getMessage());
            }
        }
        c.state(ContainerState.STOPPING);
        closeConsole(c.launch);
        records.delete(c.id);
        records.deleteRunFiles(c.workspace);
        if (c.launch.natAddress() != null) { // before the event, so that a start it prompts finds the address free
            nat.release(c.launch.natAddress());
        }
        table.release(c.id, c.descriptor);
        events.post(event(ContainerEvent.Type.STOPPED, c, status));
        // after the event (a millisecond or more of file walking kept off the way to the notification): workspace
        // names are unique per run, so a container started again at once under the same id never meets this one
        workspaces.delete(c.workspace);
    }

    private ContainerEvent event(ContainerEvent.Type type, RuncContainer c, Integer status) {
        return new ContainerEvent(type, c.ref(), status);
    }

    /**
     * Creates the console file, or empties this container's own from before ({@link ConsoleFiles}), and starts
     * enforcing its limit; the options name the file by its real path from then on.
     */
    private LaunchOptions openConsole(String id, LaunchOptions launch) throws ContainerException {
        if (launch.consolePath() == null) {
            return launch;
        }
        LaunchOptions opened = launch.withConsolePath(consoleFiles.open(id, launch.consolePath()).toString());
        try {
            openConsoleLimit(opened);
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot watch console file "
                    + opened.consolePath() + ": " + e.getMessage(), e);
        }
        return opened;
    }

    private void openConsoleLimit(LaunchOptions launch) throws IOException {
        if (launch.consolePath() != null && launch.consoleLimit() >= 0) {
            consoles.watch(Path.of(launch.consolePath()), launch.consoleLimit());
        }
    }

    private void closeConsole(LaunchOptions launch) {
        if (launch.consolePath() != null && launch.consoleLimit() >= 0) {
            consoles.unwatch(Path.of(launch.consolePath()));
        }
    }

    /** Stops acting on exits; containers run on, for the next provider to re-adopt. */
    void close() {
        closed = true;
    }
}
