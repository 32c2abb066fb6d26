package io.ociplane.oci.dobby.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StandInDaemon} in a process of its own, started with this JVM's class path: a daemon that is not the
 * client's own process, as Dobby is, so the client treats it as it treats Dobby. It can be stopped (SIGTERM: it
 * leaves the bus), killed (SIGKILL: a crash), or asked to shut down over the bus by the test. Its log goes to the
 * test's standard error. Started, and closed at the latest, by {@link DobbyRig#startDaemonProcess}.
 */
public final class DaemonProcess implements AutoCloseable {

    private static final long START_SECONDS = 60; // a JVM on a loaded machine
    private final Process process;

    private DaemonProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts one on {@code busAddress} and waits until it owns the name.
     *
     * @param imitateCrash crash where the real daemon does (GetInfo of a container without RDK plugins)
     */
    static DaemonProcess start(String busAddress, boolean imitateCrash) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), StandInDaemon.class.getName(),
                busAddress));
        if (imitateCrash) {
            command.add(StandInDaemon.IMITATE_CRASH);
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        DaemonProcess daemon = new DaemonProcess(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            if (!StandInDaemon.READY_LINE.equals(line.get(START_SECONDS, TimeUnit.SECONDS))) {
                throw new IOException("the stand-in daemon did not come up; its log is on standard error");
            }
        } catch (Exception e) {
            daemon.close();
            throw e instanceof IOException io ? io : new IOException("the stand-in daemon did not come up", e);
        }
        return daemon;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, and waits until the process is gone: the daemon stopped as a service is stopped. */
    public void terminate() throws InterruptedException {
        process.destroy();
        awaitExit();
    }

    /** SIGKILL, and waits until the process is gone: the daemon crashed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit();
    }

    private void awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the stand-in daemon " + process.pid() + " did not end");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
