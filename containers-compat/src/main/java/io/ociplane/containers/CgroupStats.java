package io.ociplane.containers;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory and CPU figures of a container, read from the cgroups of its init process ({@code /proc/<pid>/cgroup}),
 * for cgroup v1 (memory, cpuacct controllers) and v2 (unified). A value that cannot be read is reported as
 * UINT64_MAX, as Thunder does.
 */
final class CgroupStats {

    static final BigInteger UNREADABLE = new BigInteger("18446744073709551615");

    private final Path proc;
    private final Path cgroupRoot;

    /** @param proc normally {@code /proc}; @param cgroupRoot normally {@code /sys/fs/cgroup} */
    CgroupStats(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    /** {@code {"allocated","resident","shared"}} in bytes. */
    Map<String, Object> memory(int pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        Path v1 = controllerDir(pid, "memory");
        if (v1 != null) {
            m.put("allocated", number(v1.resolve("memory.usage_in_bytes")));
            Map<String, String> stat = keyValues(v1.resolve("memory.stat"));
            m.put("resident", number(stat.get("rss")));
            m.put("shared", number(stat.get("mapped_file")));
            return m;
        }
        Path v2 = unifiedDir(pid);
        Map<String, String> stat = v2 == null ? Map.of() : keyValues(v2.resolve("memory.stat"));
        m.put("allocated", v2 == null ? UNREADABLE : number(v2.resolve("memory.current")));
        m.put("resident", number(stat.get("anon")));
        m.put("shared", number(stat.get("file_mapped")));
        return m;
    }

    /** {@code {"total","cores"}} in nanoseconds; {@code cores} is left out when per-core figures are unknown. */
    Map<String, Object> cpu(int pid) {
        Map<String, Object> c = new LinkedHashMap<>();
        Path v1 = controllerDir(pid, "cpuacct");
        if (v1 != null) {
            List<BigInteger> cores = new ArrayList<>();
            String text = read(v1.resolve("cpuacct.usage_percpu"));
            if (text != null) {
                for (String token : text.trim().split("\\s+")) {
                    if (!token.isEmpty() && Character.isDigit(token.charAt(0))) {
                        cores.add(new BigInteger(token));
                    }
                }
            }
            c.put("total", cores.stream().reduce(BigInteger.ZERO, BigInteger::add));
            if (!cores.isEmpty()) {
                c.put("cores", cores);
            }
            return c;
        }
        Path v2 = unifiedDir(pid);
        String usec = v2 == null ? null : keyValues(v2.resolve("cpu.stat")).get("usage_usec");
        c.put("total", usec == null ? BigInteger.ZERO : new BigInteger(usec).multiply(BigInteger.valueOf(1000)));
        return c;
    }

    /** The v1 directory of a controller for the process, or {@code null} when that controller is not v1. */
    private Path controllerDir(int pid, String controller) {
        Path mount = cgroupRoot.resolve(controller);
        if (!Files.isDirectory(mount)) {
            return null;
        }
        for (String line : lines(proc.resolve(Integer.toString(pid)).resolve("cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                return under(mount, parts[2]);
            }
        }
        return null;
    }

    /** The unified (v2) directory of the process: {@code /sys/fs/cgroup} or, on hybrid hosts, its {@code unified}. */
    private Path unifiedDir(int pid) {
        Path mount = Files.isRegularFile(cgroupRoot.resolve("cgroup.controllers")) ? cgroupRoot
                : cgroupRoot.resolve("unified");
        for (String line : lines(proc.resolve(Integer.toString(pid)).resolve("cgroup"))) {
            if (line.startsWith("0::")) {
                return under(mount, line.substring(3));
            }
        }
        return null;
    }

    private static Path under(Path mount, String cgroupPath) {
        Path p = mount.resolve(cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath).normalize();
        return p.startsWith(mount) ? p : null;
    }

    private static Object number(Path file) {
        String text = read(file);
        return number(text == null ? null : text.trim());
    }

    private static Object number(String text) {
        try {
            return text == null ? UNREADABLE : new BigInteger(text);
        } catch (NumberFormatException e) {
            return UNREADABLE;
        }
    }

    private static Map<String, String> keyValues(Path file) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : lines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                kv.put(parts[0], parts[1]);
            }
        }
        return kv;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
