package io.ociplane.oci.runc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Runs short host commands (the OCI runtime, {@code ip}, {@code nft}) as argument arrays to completion, stdout and
 * stderr together, killing each at a deadline so that a hung tool cannot hang a caller.
 */
final class CommandRunner {

    /** What a finished command printed and how it exited. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final ScheduledExecutorService timer;
    private final Duration timeout;

    CommandRunner(ScheduledExecutorService timer, Duration timeout) {
        this.timer = timer;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code command} with {@code stdin} (or /dev/null when null) as its input.
     *
     * @param what the command for people, e.g. {@code runc kill}, named in errors
     */
    Result run(String what, List<String> command, String stdin) throws ContainerException {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(RuncCli.DEV_NULL));
            }
            p = pb.start();
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_UNAVAILABLE, "cannot run " + command.get(0) + ": "
                    + e.getMessage(), e);
        }
        ScheduledFuture<?> deadline = timer.schedule(p::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the command ended without reading all of it: its exit code and output tell why
                }
            }
            byte[] out = p.getInputStream().readAllBytes();
            int code = p.waitFor();
            if (deadline.isDone() && !deadline.isCancelled()) {
                throw new ContainerException(Reason.TIMEOUT, what + " did not finish within "
                        + timeout.toMillis() + " ms");
            }
            return new Result(code, new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "reading " + what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.PROVIDER_ERROR, "interrupted while running " + what, e);
        } finally {
            deadline.cancel(false);
        }
    }
}
