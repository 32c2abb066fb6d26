package io.ociplane.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runc state directory of the provider a test (or the soak tool) configured, seen with runc itself, for the
 * cleanup after it.
 */
public final class RuncRoot {

    private RuncRoot() {
    }

    /**
     * Kills and deletes every container still under {@code root} (whichever step of the test failed) and removes
     * the provider's cgroup parent, which such containers outlived.
     */
    static void removeAll(Path root) {
        deleteAll(root);
        RuntimeOptions.removeRuncCgroupParent();
    }

    /** Kills and deletes every container still under {@code root}; returns their ids. */
    public static List<String> deleteAll(Path root) {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        for (String id : runc(root, "list", "-q").split("\\s+")) {
            if (!id.isBlank()) {
                runc(root, "delete", "--force", id);
                ids.add(id);
            }
        }
        return ids;
    }

    private static String runc(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of("runc", "--root", root.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
