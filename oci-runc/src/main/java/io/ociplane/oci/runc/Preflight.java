package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether this machine can run containers with the configured runtime; the reason when it cannot. */
final class Preflight {

    private Preflight() {
    }

    /** The reason the provider cannot work here, or empty when it can; {@code version} receives the runtime's. */
    static Optional<String> problem(RuntimeSetup settings, StringBuilder version) {
        long euid = effectiveUid(Path.of("/proc/self/status"));
        if (euid != 0) {
            return Optional.of("the " + settings.runtimeName() + " provider needs root (effective uid is "
                    + (euid < 0 ? "unknown" : euid) + "): rootless " + settings.runtimeName() + " needs bundles with"
                    + " a user namespace and cgroups delegated to the user, which neither Dobby bundles nor this"
                    + " machine's cgroup setup provide; run the framework as root or use the Dobby provider");
        }
        try {
            Process p = new ProcessBuilder(settings.runtime().toString(), "--version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Optional.of("'" + settings.runtime() + " --version' did not answer in time");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                return Optional.of("'" + settings.runtime() + " --version' failed: " + text);
            }
            version.append(text.lines().findFirst().orElse(""));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot run '" + settings.runtime() + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking '" + settings.runtime() + "'");
        }
    }

    /** The effective uid from {@code /proc/self/status} ({@code Uid: real effective saved fs}), -1 if unknown. */
    static long effectiveUid(Path status) {
        try {
            List<String> lines = Files.readAllLines(status, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 ? Long.parseLong(f[1]) : -1;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
