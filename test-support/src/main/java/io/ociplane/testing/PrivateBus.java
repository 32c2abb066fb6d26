package io.ociplane.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private dbus-daemon (Debian package dbus) listening on a path socket (dbus-java's JDK transport cannot use
 * abstract sockets), with an allow-all session policy. Close it in a finally or @AfterAll: it stops the daemon
 * and removes its directory. It can be stopped and started again on the same path, as a restarted system bus.
 */
public final class PrivateBus implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 10;

    private final Path dir;
    private final Path socket;
    private final Path config;
    private Process process;

    private PrivateBus(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("bus");
        this.config = dir.resolve("bus.conf");
    }

    /** A bus at a fresh path, started. */
    public static PrivateBus start() throws IOException {
        PrivateBus bus = notStarted();
        try {
            bus.startDaemon();
        } catch (IOException | RuntimeException e) {
            bus.close();
            throw e;
        }
        return bus;
    }

    /** A bus whose socket path is chosen but whose daemon is not running yet. */
    public static PrivateBus notStarted() throws IOException {
        PrivateBus bus = new PrivateBus(Files.createTempDirectory("dobby-bus"));
        Files.writeString(bus.config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(bus.socket));
        return bus;
    }

    /** The address, without a guid so that it stays valid across a restart. */
    public String address() {
        return "unix:path=" + socket;
    }

    /** The daemon's process id, while it runs (e.g. for a test to stop it from elsewhere in the same JVM). */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("bus not running");
        }
        return process.pid();
    }

    public synchronized void startDaemon() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("bus already running");
        }
        process = new ProcessBuilder("dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = firstLine.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            stopDaemon();
            throw new IOException("dbus-daemon did not print its address", e);
        }
        if (line == null || !line.startsWith("unix:path=" + socket)) {
            stopDaemon();
            throw new IOException("dbus-daemon did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (java.io.UncheckedIOException e) {
                // the daemon was stopped
            }
        }, "dbus-daemon output");
        drain.setDaemon(true);
        drain.start();
    }

    /** Stops the daemon (SIGTERM, then SIGKILL) and waits until it is gone. */
    public synchronized void stopDaemon() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void restart() throws IOException {
        stopDaemon();
        startDaemon();
    }

    @Override
    public void close() {
        stopDaemon();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }
}
