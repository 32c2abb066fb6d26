package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Starts a container's init with {@code runc run} in the foreground, as a child process of the provider that
 * stays the init's parent (runc makes itself a subreaper and waits for it): its exit code is the init's, which is
 * how the provider learns the waitpid-style status that {@code runc create}/{@code start} cannot give, the init
 * then being nobody's child of ours. {@code runc run} is {@code create} and {@code start} in one process; the
 * start returns once the runtime has written the pid file, i.e. the container's process runs. A {@code nat}
 * container's veth pair is made before each run; the runtime's hook takes one end into the container.
 */
final class Launcher {

    private final RuntimeSetup settings;
    private final RuncCli cli;
    private final RecordStore records;
    private final PidFileWatcher pidFiles;
    private final ProcFs proc;
    private final NatNetwork nat;
    private final ConsoleFiles consoles;

    Launcher(RuntimeSetup settings, RuncCli cli, RecordStore records, PidFileWatcher pidFiles, ProcFs proc,
            NatNetwork nat, ConsoleFiles consoles) {
        this.settings = settings;
        this.cli = cli;
        this.records = records;
        this.pidFiles = pidFiles;
        this.proc = proc;
        this.nat = nat;
        this.consoles = consoles;
    }

    /** Runs the container of {@code c}'s workspace; on failure nothing of the attempt is left in the runtime. */
    RuncContainer.Run launch(RuncContainer c) throws ContainerException {
        Path pidFile = records.pidFile(c.id);
        Path log = c.workspace.resolve("runc.log");
        if (c.launch.natAddress() != null) {
            nat.plug(c.launch.natAddress());
        }
        Process p;
        CompletableFuture<Void> ready;
        try {
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(log);
            ready = pidFiles.expect(pidFile);
            List<String> cmd = cli.base(log);
            cmd.addAll(List.of("run", "--bundle", c.workspace.toString(), "--pid-file", pidFile.toString(), c.id));
            ProcessBuilder pb = cli.foreground(cmd);
            // runc passes the container's stdout and stderr on to these: the console file (appended, so a limit
            // cut keeps working; only while it is still the file created for the container) or nothing
            pb.redirectOutput(consoles.redirect(c.id, c.launch.consolePath()));
            p = pb.start();
        } catch (IOException e) {
            nat.unplug(c.launch.natAddress());
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot run " + settings.runtime() + " for '" + c.id
                    + "': " + e.getMessage(), e);
        }
        CompletableFuture<Void> exited = p.onExit().thenApply(x -> null);
        try {
            CompletableFuture.anyOf(ready, exited).get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort(c, p, ready);
            throw new ContainerException(Reason.TIMEOUT, "container '" + c.id + "' did not start within "
                    + settings.startTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            abort(c, p, ready);
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.PROVIDER_ERROR, "interrupted while starting '" + c.id + "'", e);
        } catch (ExecutionException e) {
            // not thrown by these futures
        }
        long pid = readPid(pidFile);
        if (pid <= 0) { // the runtime gave up before the process ran
            abort(c, p, ready);
            throw new ContainerException(Reason.PROVIDER_ERROR, "starting container '" + c.id + "' failed: "
                    + cli.messageOfLog(log, p.exitValue()));
        }
        return new RuncContainer.Run(p, pid, Math.max(proc.startTicks(pid), 0), exited);
    }

    private void abort(RuncContainer c, Process p, CompletableFuture<Void> ready) {
        ready.cancel(false);
        p.destroyForcibly();
        try {
            p.waitFor(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cli.forceDelete(c.id);
        nat.unplug(c.launch.natAddress());
        records.delete(c.id);
    }

    private static long readPid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
