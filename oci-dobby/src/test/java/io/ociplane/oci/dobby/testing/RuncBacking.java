package io.ociplane.oci.dobby.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.crun.RuncTestAccess;

/**
 * The runc provider (oci-crun) with real containers, all of it in one temporary directory: its state (runc's
 * {@code --root} is {@code state/runc}, so no other container is ever touched), its workspaces, and busybox
 * bundles made on the spot. {@link #close()} force-deletes whatever container is left, even after a failure.
 */
public final class RuncBacking implements AutoCloseable {

    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "sleep", "touch", "cat", "echo", "true", "env", "mv",
            "ls", "id");

    public final Path stateDir;
    public final Path workspaceDir;
    private final Path bundles;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Real containers need root, runc and busybox-static. */
    public static boolean usable() {
        try {
            boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
            return root && Files.isExecutable(RuncTestAccess.RUNC) && Files.isExecutable(BUSYBOX);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** In {@code tmp}, which is opened for the uids containers map to (traversal only). */
    public RuncBacking(Path tmp) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        stateDir = tmp.resolve("state");
        workspaceDir = tmp.resolve("workspaces");
        bundles = Files.createDirectory(tmp.resolve("bundles"));
        Files.setPosixFilePermissions(bundles, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /** A {@link DobbyRig.ProviderOpener}: the provider on this directory (SIGKILL 500 ms after SIGTERM, as Dobby). */
    public ContainerRuntime open() throws Exception {
        return RuncTestAccess.open(stateDir, workspaceDir, Duration.ofMillis(500));
    }

    /** A bundle whose process runs {@code args}: busybox as the rootfs (writable), config from {@code runc spec}. */
    public Path bundle(String name, String... args) throws IOException, InterruptedException {
        Path dir = Files.createDirectory(bundles.resolve(name));
        Path rootfs = dir.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        for (String point : List.of("tmp", "proc", "sys", "dev")) { // mount points a user namespace cannot create
            Files.createDirectories(rootfs.resolve(point));
        }
        Files.copy(BUSYBOX, rootfs.resolve("bin/busybox"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Process spec = new ProcessBuilder(RuncTestAccess.RUNC.toString(), "spec", "--bundle", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(spec.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (spec.waitFor() != 0) {
            throw new IOException("runc spec failed: " + out);
        }
        Path configFile = dir.resolve("config.json");
        ObjectNode config = (ObjectNode) mapper.readTree(configFile.toFile());
        ObjectNode process = config.withObjectProperty("process");
        process.put("terminal", false);
        ArrayNode a = process.putArray("args");
        for (String arg : args) {
            a.add(arg);
        }
        config.withObjectProperty("root").put("readonly", false);
        mapper.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
        return dir;
    }

    /** An executable script in a bundle's rootfs (commands are split on spaces, so longer ones go in a file). */
    public static void script(Path bundle, String name, String text) throws IOException {
        Path file = bundle.resolve("rootfs").resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The containers in the provider's runc root ({@code runc --root <state>/runc list -q}). */
    public List<String> runcIds() throws IOException, InterruptedException {
        String out = runc("list", "-q");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    /** The provider's workspaces (one per container while it exists). */
    public List<String> workspaces() throws IOException {
        return names(workspaceDir);
    }

    /**
     * The workspaces left once those of stopped containers are gone: the provider deletes a workspace just after
     * it reports the stop, so this waits up to 5 s for none to be left.
     */
    public List<String> workspacesAfterStops() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        List<String> left = workspaces();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling the condition, bounded above
            left = workspaces();
        }
        return left;
    }

    /** The provider's container records and pid files. */
    public List<String> records() throws IOException {
        return names(stateDir.resolve("containers"));
    }

    /** Waits (inotify, no polling) until {@code file} exists; false if it did not appear within {@code max}. */
    public static boolean awaitFile(Path file, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        try (WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE); // before looking: none missed
            while (!Files.exists(file)) {
                long left = deadline - System.nanoTime();
                WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
                if (key == null) {
                    return Files.exists(file);
                }
                key.pollEvents();
                key.reset();
            }
            return true;
        }
    }

    /** Force-deletes every container left in the provider's runc root; close the provider first. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!Files.isDirectory(stateDir.resolve("runc"))) {
            return;
        }
        for (String id : runcIds()) {
            runc("delete", "--force", id);
        }
        List<String> left = runcIds();
        if (!left.isEmpty()) {
            throw new IllegalStateException("runc could not delete " + left);
        }
    }

    private String runc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(RuncTestAccess.RUNC.toString(), "--root",
                stateDir.resolve("runc").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("runc " + String.join(" ", args) + " hung");
        }
        return out;
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
