package io.ociplane.oci.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the cgroup hierarchies are mounted (v1 per controller, v2 unified), from {@code mountinfo}, and the
 * directory of a process's cgroup in each.
 */
final class CgroupMounts {

    /** A hierarchy's mount: where it is and which cgroup its root shows. */
    private record Mount(Path mountPoint, String root) {
    }

    private final Map<String, Mount> v1 = new HashMap<>();
    private Mount unified;

    CgroupMounts(List<String> mountInfo) {
        for (String line : mountInfo) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                continue;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Mount m = new Mount(Path.of(unescape(left[4])), unescape(left[3]));
            if (right[0].equals("cgroup2") && unified == null) {
                unified = m;
            } else if (right[0].equals("cgroup")) {
                for (String option : right[2].split(",")) {
                    v1.putIfAbsent(option, m);
                }
            }
        }
    }

    /**
     * The directory of the cgroup that {@code /proc/<pid>/cgroup} lines name for a v1 controller, e.g.
     * {@code cpuacct}; empty when that controller is not a v1 hierarchy here or the process is not in it.
     */
    Optional<Path> v1Dir(List<String> pidCgroupLines, String controller) {
        Mount m = v1.get(controller);
        if (m == null) {
            return Optional.empty();
        }
        for (String line : pidCgroupLines) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && !f[1].isEmpty() && List.of(f[1].split(",")).contains(controller)) {
                return Optional.ofNullable(dir(m, f[2]));
            }
        }
        return Optional.empty();
    }

    /**
     * The directories of cgroup {@code cgroupPath} (absolute, as in an OCI {@code cgroupsPath}) in every hierarchy
     * mounted at its root, one per mount.
     */
    List<Path> dirsOf(String cgroupPath) {
        Set<Mount> all = new LinkedHashSet<>(v1.values());
        if (unified != null) {
            all.add(unified);
        }
        List<Path> out = new ArrayList<>();
        for (Mount m : all) {
            Path dir = m.root().equals("/") ? dir(m, cgroupPath) : null;
            if (dir != null) {
                out.add(dir);
            }
        }
        return out;
    }

    /** The directory of the process's cgroup in the unified (v2) hierarchy, if mounted. */
    Optional<Path> unifiedDir(List<String> pidCgroupLines) {
        if (unified == null) {
            return Optional.empty();
        }
        for (String line : pidCgroupLines) {
            if (line.startsWith("0::")) {
                return Optional.ofNullable(dir(unified, line.substring(3)));
            }
        }
        return Optional.empty();
    }

    /** The directory of a cgroup in a hierarchy, or {@code null} for a path that would lead out of its mount. */
    private static Path dir(Mount m, String cgroupPath) {
        String relative = cgroupPath;
        if (!m.root().equals("/") && (cgroupPath.equals(m.root()) || cgroupPath.startsWith(m.root() + "/"))) {
            relative = cgroupPath.substring(m.root().length());
        }
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        Path dir = relative.isEmpty() ? m.mountPoint() : m.mountPoint().resolve(relative).normalize();
        return dir.startsWith(m.mountPoint()) ? dir : null;
    }

    /** mountinfo writes space, tab, newline and backslash as {@code \ooo}. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                try {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the backslash
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
