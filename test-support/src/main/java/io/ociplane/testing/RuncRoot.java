package io.ociplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runc root directory (runc's {@code --root}; the runc provider's is {@code <stateDir>/runc}) seen with runc
 * itself: the containers in it, and force-deleting them after a test, whichever step of it failed.
 *
 * @param dir the root directory
 */
public record RuncRoot(Path dir) {

    /** Real containers need root, runc on the PATH and busybox-static. */
    public static boolean usable() {
        try {
            boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            return root && new ProcessBuilder("runc", "--version").start().waitFor() == 0
                    && Files.isExecutable(BusyboxBundles.BUSYBOX);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The ids of the containers in the root ({@code runc list -q}); none when the directory does not exist. */
    public List<String> ids() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String out = runc("list", "-q");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\\s+"));
    }

    /** Kills and deletes every container in the root; returns the ids that were there. */
    public List<String> deleteAll() {
        List<String> ids = ids();
        for (String id : ids) {
            runc("delete", "--force", id);
        }
        return ids;
    }

    /** Runs {@code runc --root <dir> args} and returns what it printed; at most 30 s. */
    public String runc(String... args) {
        List<String> cmd = new ArrayList<>(List.of("runc", "--root", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("runc " + String.join(" ", args) + " hung");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running runc", e);
        }
    }
}
