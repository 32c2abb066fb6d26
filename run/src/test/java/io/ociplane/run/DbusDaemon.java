package io.ociplane.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private dbus-daemon (Debian package dbus) on a path socket in a directory of the caller's, for the Dobby
 * provider and the Dobby-compatible service to meet on. Plain JDK: used by the Pax Exam tests and by the soak tool.
 */
public final class DbusDaemon implements AutoCloseable {

    private final Process process;
    private final String address;

    private DbusDaemon(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts a bus whose socket is {@code dir/bus}; returns once the daemon listens (it prints its address then). */
    public static DbusDaemon start(Path dir) throws IOException {
        Process p = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address=1",
                "--address=unix:path=" + dir.resolve("bus")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String address = out.readLine();
        if (address == null) {
            p.destroyForcibly();
            throw new IOException("dbus-daemon did not start (is the dbus package installed?)");
        }
        return new DbusDaemon(p, address.trim());
    }

    /** The D-Bus address clients connect to, e.g. {@code unix:path=/tmp/x/bus,guid=…}. */
    public String address() {
        return address;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the daemon (SIGTERM) and waits a little for it to go. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
