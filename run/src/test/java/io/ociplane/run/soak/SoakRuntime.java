package io.ociplane.run.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.run.NatNetworks;
import io.ociplane.testing.Cgroups;
import io.ociplane.testing.PrivateBus;
import io.ociplane.testing.RuncRoot;

/**
 * The runtime a soak drives: launched with run/start, as run/bench launches it (the shipped org.rdk.OCIContainer
 * plugin file, the runc provider in directories of the run's own), and for the Dobby provider a private dbus-daemon
 * with the Dobby-compatible service (backed by the runc provider) and a Dobby client on it. {@link #close()}
 * removes everything the run made, also after a failure.
 */
final class SoakRuntime implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(120);

    private final SoakPaths paths;
    private final int port;
    private PrivateBus bus;
    private Process process;
    private boolean closed;

    private SoakRuntime(SoakPaths paths, int port) {
        this.paths = paths;
        this.port = port;
    }

    /** Prepares the directories and configuration and starts the runtime; returns once the provider serves. */
    static SoakRuntime launch(SoakSettings s, ObjectMapper mapper) throws Exception {
        Path work = Files.createTempDirectory("ociplane-soak-");
        // the containers' mapped uids pass through to their workspaces below (docs/workspaces.md)
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        int n = ThreadLocalRandom.current().nextInt(10000, 100000);
        SoakPaths paths = new SoakPaths(work, "/ociplane-soak-" + n, "soak" + n, NatNetworks.freeRange());
        SoakRuntime rt = new SoakRuntime(paths, s.port() != 0 ? s.port() : freePort());
        try {
            rt.start(s);
            rt.awaitProvider(s.provider(), new ApiClient(rt.port, mapper, SoakSettings.REQUEST_TIMEOUT));
            return rt;
        } catch (Exception | Error e) {
            rt.close();
            throw e;
        }
    }

    private void start(SoakSettings s) throws IOException {
        Files.createDirectories(paths.plugins());
        Files.createDirectories(paths.deploy());
        Files.copy(s.root().resolve("run/etc/plugins/org.rdk.OCIContainer.json"),
                paths.plugins().resolve("org.rdk.OCIContainer.json"));
        Files.writeString(paths.deploy().resolve("io.ociplane.oci.runc.cfg"), "stateDir=" + paths.state()
                + "\nworkspaceDir=" + paths.workspaces() + "\ncgroupParent=" + paths.cgroupParent() + "\nnatBridge="
                + paths.bridge() + "\nnatAddressRange=" + paths.natRange() + "\n");
        // a full GC, then glibc's free memory given back, so that heap and RSS show what is held (docs/soak.md)
        Files.writeString(paths.jcmdCommands(), "GC.run\nSystem.trim_native_heap\nGC.heap_info\n");
        if (s.provider().equals("dobby")) {
            bus = PrivateBus.start();
            String onBus = "busAddress=\"" + bus.address() + "\"\n";
            Files.writeString(paths.deploy().resolve("io.ociplane.oci.dobby.server.cfg"), onBus);
            Files.writeString(paths.deploy().resolve("io.ociplane.oci.dobby-soak.cfg"), onBus);
        }
        ProcessBuilder pb = new ProcessBuilder(s.root().resolve("run/start").toString(), "--no-build", "--port",
                Integer.toString(port), "--plugins", paths.plugins().toString(), "--deploy", paths.deploy().toString())
                .directory(s.root().toFile()).redirectErrorStream(true).redirectOutput(paths.log().toFile());
        pb.environment().putAll(s.launchEnv());
        process = pb.start();
    }

    private void awaitProvider(String provider, ApiClient api) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        String note = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runtime exited (" + process.exitValue() + "); its log:\n"
                        + logTail(40));
            }
            ApiClient.Answer a = api.call("Controller.1.status@org.rdk.OCIContainer", null);
            note = a.hasResult() ? a.result().path(0).path("note").asText() : "";
            if (note.equals("container provider: " + provider)) {
                return;
            }
            Thread.sleep(100); // polling interval; the condition decides
        }
        throw new IllegalStateException("org.rdk.OCIContainer not served by the " + provider + " provider within "
                + READY.toSeconds() + " s (note '" + note + "'); the runtime's log:\n" + logTail(40));
    }

    SoakPaths paths() {
        return paths;
    }

    int port() {
        return port;
    }

    /** The runtime's JVM (run/start execs it in its own process). */
    long pid() {
        return process.pid();
    }

    /** How the runtime ended on SIGTERM: exit status (-1 when it had to be killed) and how long it took. */
    record Stop(int status, long millis) {
    }

    Stop stop() throws InterruptedException {
        long t0 = System.nanoTime();
        process.destroy(); // SIGTERM: the framework stops, the provider sweeps (docs/workspaces.md)
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return new Stop(-1, (System.nanoTime() - t0) / 1_000_000);
        }
        return new Stop(process.exitValue(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** What the stopped runtime left on the host (empty: nothing), each as "what: how many/which". */
    List<String> leftovers() {
        List<String> out = new ArrayList<>();
        count(out, "workspaces", paths.workspaces());
        count(out, "runc containers", paths.runcRoot());
        count(out, "container records", paths.records());
        if (Cgroups.exists(paths.cgroupParent())) {
            out.add("cgroup parent " + paths.cgroupParent() + " (" + Cgroups.countBelow(paths.cgroupParent())
                    + " cgroups below)");
        }
        if (NatNetworks.links().contains(paths.bridge())) {
            out.add("bridge " + paths.bridge());
        }
        long veths = NatNetworks.links().stream().filter(l -> l.matches("v[oc][0-9a-f]{8}")
                && NatNetworks.inRange(l, paths.natRange())).count();
        if (veths > 0) {
            out.add(veths + " veth ends of " + paths.natRange());
        }
        if (run("nft", "list", "table", "ip", "ociplane_" + paths.bridge()) == 0) {
            out.add("nftables table ociplane_" + paths.bridge());
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/mountinfo"))) {
            long mounts = lines.filter(l -> l.split(" ")[4].startsWith(paths.work() + "/")).count();
            if (mounts > 0) {
                out.add(mounts + " mounts under " + paths.work());
            }
        } catch (IOException e) {
            out.add("mountinfo unreadable: " + e);
        }
        return out;
    }

    private static void count(List<String> out, String what, Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            if (!names.isEmpty()) {
                out.add(names.size() + " " + what + " " + names.subList(0, Math.min(5, names.size())));
            }
        } catch (IOException e) {
            // never made: nothing left
        }
    }

    /** The last lines of the runtime's output. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(paths.log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Lines of the runtime's log with WARN or ERROR. */
    List<String> logProblems() {
        try (Stream<String> lines = Files.lines(paths.log())) {
            return lines.filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(no log: " + e + ")");
        }
    }

    /** Stops what still runs and removes what the run made: containers, cgroups, bridge, bus, directory. */
    @Override
    public synchronized void close() { // from the run's end, or from the shutdown hook on Ctrl-C: once
        if (closed) {
            return;
        }
        closed = true;
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        new RuncRoot(paths.runcRoot()).deleteAll();
        Cgroups.removeParent(paths.cgroupParent());
        NatNetworks.remove(paths.bridge());
        if (bus != null) {
            bus.close();
        }
        deleteTree(paths.work());
    }

    /**
     * Deletes the run's directory on its own file system only: a mount left below it (a leak the figures report)
     * is not descended into, so nothing of the host behind it is touched.
     */
    private static void deleteTree(Path root) {
        try {
            Object device = Files.getAttribute(root, "unix:dev", LinkOption.NOFOLLOW_LINKS);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    return device.equals(Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS))
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (IOException notEmpty) {
                        // a mount point or a file that stayed
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
