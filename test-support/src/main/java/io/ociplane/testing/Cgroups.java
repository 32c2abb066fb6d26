package io.ociplane.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cgroup parent of a runc provider (e.g. {@code /ociplane-it-123}) in every hierarchy under /sys/fs/cgroup: v2's
 * unified tree and each v1 controller's (docs/networking.md#cgroups). The integration tests remove it after a run;
 * the soak tool also counts the cgroups below it.
 */
public final class Cgroups {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    /** The parent's directory in each hierarchy (whether it exists or not); a symlinked v1 alias is left out. */
    private static List<Path> dirsOf(String parent) {
        String relative = parent.substring(1);
        List<Path> dirs = new ArrayList<>(List.of(ROOT.resolve(relative)));
        try (Stream<Path> hierarchies = Files.list(ROOT)) {
            hierarchies.filter(h -> Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS))
                    .forEach(h -> dirs.add(h.resolve(relative)));
        } catch (IOException e) {
            // only the unified one, then
        }
        return dirs;
    }

    /** Removes the (empty) parent in every hierarchy; null, or a parent in use, is left alone. */
    public static void removeParent(String parent) {
        if (parent == null || !Files.isDirectory(ROOT)) {
            return;
        }
        for (Path dir : dirsOf(parent)) {
            try {
                Files.deleteIfExists(dir); // rmdir: only an empty cgroup goes
            } catch (IOException e) {
                // in use, or not a cgroup directory
            }
        }
    }

    /** The cgroups below the parent, summed over the hierarchies (one per container and hierarchy, usually). */
    public static long countBelow(String parent) {
        long n = 0;
        for (Path dir : dirsOf(parent)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                n += all.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count() - 1;
            } catch (IOException | UncheckedIOException e) {
                // a cgroup removed during the walk: counted as gone
            }
        }
        return n;
    }

    /** Whether the parent exists in any hierarchy. */
    public static boolean exists(String parent) {
        return dirsOf(parent).stream().anyMatch(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
    }
}
