package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Starts a container's init with {@code runc run} in the foreground, which stays the init's parent (runc makes
 * itself a subreaper and waits for it): its exit code is the init's, which is how the provider learns the
 * waitpid-style status that {@code runc create}/{@code start} cannot give. {@code runc run} runs under a small
 * shell watcher that writes that exit code to a status file ({@link RuncCli#watched}), so no thread of the
 * provider waits for it. {@code runc run} is {@code create} and {@code start} in one process; the start returns
 * once the runtime has written the pid file, i.e. the container's process runs. A {@code nat} container's veth
 * pair is made before each run; the runtime's hook takes one end into the container.
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
        Path runner = records.runnerFile(c.workspace);
        Path status = records.statusFile(c.workspace);
        Path log = c.workspace.resolve("runc.log");
        if (c.launch.natAddress() != null) {
            nat.plug(c.launch.natAddress());
        }
        CompletableFuture<Void> ready;
        CompletableFuture<Void> ended;
        try {
            Files.deleteIfExists(pidFile);
            Files.deleteIfExists(log);
            records.deleteRunFiles(c.workspace);
            ready = pidFiles.expect(pidFile);
            ended = pidFiles.expect(status);
            List<String> cmd = cli.runtime(log);
            cmd.addAll(List.of("run", "--bundle", c.workspace.toString(), "--pid-file", pidFile.toString(), c.id));
            ProcessBuilder pb = cli.foreground(cli.watched(runner, status, cmd));
            // runc passes the container's stdout and stderr on to these: the console file (appended, so a limit
            // cut keeps working; only while it is still the file created for the container) or nothing
            pb.redirectOutput(consoles.redirect(c.id, c.launch.consolePath()));
            Process shell = pb.start();
            // the shell only starts the watcher and ends: a failure here is one to start it at all
            if (!shell.waitFor(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS) || shell.exitValue() != 0) {
                shell.destroyForcibly();
                throw new IOException(RuncCli.SHELL + " ended with " + (shell.isAlive() ? "no exit" : shell.exitValue()));
            }
        } catch (IOException e) {
            nat.unplug(c.launch.natAddress());
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot run " + settings.runtime() + " for '" + c.id
                    + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nat.unplug(c.launch.natAddress());
            throw new ContainerException(Reason.PROVIDER_ERROR, "interrupted while starting '" + c.id + "'", e);
        }
        CompletableFuture<Integer> exitCode = ended.thenApply(v -> readStatus(status));
        try {
            CompletableFuture.anyOf(ready, ended).get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort(c, runner, ended);
            throw new ContainerException(Reason.TIMEOUT, "container '" + c.id + "' did not start within "
                    + settings.startTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            abort(c, runner, ended);
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.PROVIDER_ERROR, "interrupted while starting '" + c.id + "'", e);
        } catch (ExecutionException e) {
            // not thrown by these futures
        }
        long pid = readPid(pidFile);
        if (pid <= 0) { // the runtime gave up before the process ran
            abort(c, runner, ended);
            throw new ContainerException(Reason.PROVIDER_ERROR, "starting container '" + c.id + "' failed: "
                    + cli.messageOfLog(log, Objects.requireNonNullElse(exitCode.getNow(null), -1)));
        }
        return new RuncContainer.Run(exitCode, pid, Math.max(proc.startTicks(pid), 0),
                exitCode.thenApply(x -> null));
    }

    /** Ends a start that failed: the runtime process (when it still runs), its container, address and files. */
    private void abort(RuncContainer c, Path runner, CompletableFuture<Void> ended) {
        if (!ended.isDone()) {
            long runtimePid = readPid(runner);
            if (runtimePid > 0) {
                ProcessHandle.of(runtimePid).ifPresent(ProcessHandle::destroyForcibly);
            }
            try {
                ended.get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // torn down below all the same
            }
        }
        ended.cancel(false);
        cli.forceDelete(c.id);
        nat.unplug(c.launch.natAddress());
        records.delete(c.id);
        records.deleteRunFiles(c.workspace);
    }

    /** The runtime process's exit code as its watcher wrote it; {@code null} (unknown) when it cannot be read. */
    private static Integer readStatus(Path status) {
        try {
            return Integer.valueOf(Files.readString(status, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static long readPid(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
