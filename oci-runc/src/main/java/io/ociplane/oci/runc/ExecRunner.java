package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Runs a command in a container, as Dobby's Exec: the call returns once the runtime has started the process and
 * written its pid file, and the process runs on. {@code runc exec} stays in the foreground as the process's parent
 * and reaps it, the part Dobby plays itself: with {@code --detach} the exited process would wait, a zombie in the
 * container's pid namespace, for the host's init to reap it, and the container could not end until then. Output
 * goes to the container's console file, or nowhere; the exit is not reported (Dobby reports none either).
 */
final class ExecRunner {

    private final RuncCli cli;
    private final RecordStore records;
    private final PidFileWatcher pidFiles;
    private final ConsoleFiles consoles;
    private final AtomicLong count = new AtomicLong();

    ExecRunner(RuncCli cli, RecordStore records, PidFileWatcher pidFiles, ConsoleFiles consoles) {
        this.cli = cli;
        this.consoles = consoles;
        this.records = records;
        this.pidFiles = pidFiles;
    }

    void exec(RuncContainer c, List<String> options, List<String> command) throws ContainerException {
        long n = count.incrementAndGet();
        Path pidFile = records.dir().resolve(c.id + ".exec-" + n + ".pid");
        Path log = c.workspace.resolve("exec-" + n + ".log");
        List<String> cmd = cli.base(log);
        cmd.addAll(List.of("exec", "--pid-file", pidFile.toString()));
        cmd.addAll(options);
        cmd.add(c.id);
        cmd.addAll(command);
        ProcessBuilder pb = cli.foreground(cmd).redirectOutput(consoles.redirect(c.id, c.launch.consolePath()));
        CompletableFuture<Void> started = pidFiles.expect(pidFile);
        Process p = null;
        try {
            p = pb.start();
            p.onExit().thenRun(() -> deleteQuietly(log));
            CompletableFuture.anyOf(started, p.onExit()).get(cli.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!Files.isRegularFile(pidFile)) {
                p.waitFor();
                throw new ContainerException(Reason.PROVIDER_ERROR, "exec in '" + c.id + "' failed: "
                        + cli.messageOfLog(log, p.exitValue()));
            }
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new ContainerException(Reason.TIMEOUT, "exec in '" + c.id + "' did not start within "
                    + cli.commandTimeout().toMillis() + " ms");
        } catch (IOException | ExecutionException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot run exec in '" + c.id + "': "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.PROVIDER_ERROR, "interrupted during exec in '" + c.id + "'", e);
        } finally {
            started.cancel(false);
            deleteQuietly(pidFile);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the workspace goes with the container, stray pid files with the next provider start
        }
    }
}
