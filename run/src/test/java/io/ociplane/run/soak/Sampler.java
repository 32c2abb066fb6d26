package io.ociplane.run.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ociplane.run.NatNetworks;
import io.ociplane.testing.Cgroups;

/**
 * Reads the {@link Figure}s of the runtime process and of what its runc provider leaves on the host, from /proc,
 * /sys and the provider's directories; the heap with jcmd (docs/soak.md#what-is-sampled).
 */
final class Sampler {

    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private final long pid;
    private final ApiClient api;
    private final SoakPaths paths;
    private final Path jcmd;

    Sampler(long pid, ApiClient api, SoakPaths paths) {
        this.pid = pid;
        this.api = api;
        this.paths = paths;
        this.jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
    }

    /** Every figure now, in {@link Figure} order. */
    double[] all() {
        double[] v = new double[Figure.values().length];
        double[] heap = heapAfterGc(); // first: RSS is read after the GC and the trim
        Map<String, Long> status = status();
        v[Figure.RSS.ordinal()] = status.getOrDefault("VmRSS", -1024L) / 1024.0;
        v[Figure.HEAP.ordinal()] = heap[0];
        v[Figure.METASPACE.ordinal()] = heap[1];
        v[Figure.THREADS.ordinal()] = status.getOrDefault("Threads", -1L);
        v[Figure.FDS.ordinal()] = entries(Path.of("/proc/" + pid + "/fd"));
        v[Figure.CONTAINERS.ordinal()] = listed();
        count(v);
        return v;
    }

    /** Only the per-container figures (cheap: files and /proc), as the quiet point waits for them to settle. */
    double[] perContainer() {
        double[] v = new double[Figure.values().length];
        v[Figure.CONTAINERS.ordinal()] = listed();
        count(v);
        return v;
    }

    private void count(double[] v) {
        v[Figure.RUNC_STATES.ordinal()] = entries(paths.runcRoot());
        v[Figure.RECORDS.ordinal()] = entries(paths.records());
        v[Figure.WORKSPACES.ordinal()] = entries(paths.workspaces());
        v[Figure.CGROUPS.ordinal()] = Cgroups.countBelow(paths.cgroupParent());
        v[Figure.MOUNTS.ordinal()] = mounts();
        v[Figure.INTERFACES.ordinal()] = interfaces();
        v[Figure.ZOMBIES.ordinal()] = zombies();
    }

    /** Key: value lines of /proc/<pid>/status, the number of each (VmRSS in kB). */
    private Map<String, Long> status() {
        Map<String, Long> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                String[] kv = line.split(":\\s*", 2);
                if (kv.length == 2 && (kv[0].equals("VmRSS") || kv[0].equals("Threads"))) {
                    out.put(kv[0], Long.parseLong(kv[1].split("\\s+")[0]));
                }
            }
        } catch (IOException e) {
            // the runtime is gone: the figures read -1
        }
        return out;
    }

    /**
     * {heap used, metaspace used} in MB right after a full GC, or -1 each when jcmd fails. jcmd also trims the
     * native heap (System.trim_native_heap; where a JDK lacks it, jcmd says so and the rest still runs).
     */
    private double[] heapAfterGc() {
        try {
            Process p = new ProcessBuilder(jcmd.toString(), "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                    Long.toString(pid), "-f", paths.jcmdCommands().toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new double[] { -1, -1 };
            }
            long heap = -1;
            for (Matcher m = USED.matcher(out); m.find();) {
                heap = Math.max(heap, 0) + Long.parseLong(m.group(1));
            }
            Matcher meta = METASPACE.matcher(out);
            return new double[] { heap < 0 ? -1 : heap / 1024.0,
                    meta.find() ? Long.parseLong(meta.group(1)) / 1024.0 : -1 };
        } catch (IOException e) {
            return new double[] { -1, -1 };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new double[] { -1, -1 };
        }
    }

    private int listed() {
        ApiClient.Answer a = api.call(Worker.OCI + "listContainers", null);
        return a.hasResult() ? a.result().path("containers").size() : -1;
    }

    private static long entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException | UncheckedIOException e) {
            return 0; // not made yet, or gone
        }
    }

    /** Mount points under the soak's directory in the runtime's mount namespace. */
    private long mounts() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/mountinfo"))) {
            String under = paths.work() + "/";
            return lines.map(l -> l.split(" ")).filter(f -> f.length > 4 && f[4].startsWith(under)).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private long interfaces() {
        return NatNetworks.links().stream()
                .filter(l -> l.matches("v[oc][0-9a-f]{8}") && NatNetworks.inRange(l, paths.natRange())).count();
    }

    /** Zombies among the runtime's descendants (processes it, runc or a container's init should have reaped). */
    private long zombies() {
        Map<Long, List<long[]>> children = new HashMap<>(); // ppid -> {pid, zombie ? 1 : 0}
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    children.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(new long[] {
                            Long.parseLong(p.getFileName().toString()), f[0].equals("Z") ? 1 : 0 });
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            return -1;
        }
        long zombies = 0;
        ArrayDeque<Long> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            for (long[] c : children.getOrDefault(todo.poll(), List.of())) {
                zombies += c[1];
                todo.add(c[0]);
            }
        }
        return zombies;
    }
}
