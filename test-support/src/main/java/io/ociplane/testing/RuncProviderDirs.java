package io.ociplane.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The directories of a runc provider (oci-runc) a test opens, all in one temporary directory: its state (runc's
 * {@code --root} is {@code state/runc}, so no other container is ever touched; its records in
 * {@code state/containers}), its workspaces, and busybox bundles. {@link #configuration} gives the provider's
 * configuration on them; {@link #close()} force-deletes whatever container is left, even after a failure.
 */
public final class RuncProviderDirs implements AutoCloseable {

    public final Path stateDir;
    public final Path workspaceDir;
    private final Path bundles;
    private final BusyboxBundles busybox = new BusyboxBundles();

    /** In {@code tmp}, which is opened for the uids containers map to (traversal only). */
    public RuncProviderDirs(Path tmp) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        stateDir = tmp.resolve("state");
        workspaceDir = tmp.resolve("workspaces");
        bundles = Files.createDirectory(tmp.resolve("bundles"));
        Files.setPosixFilePermissions(bundles, PosixFilePermissions.fromString("rwx--x--x"));
    }

    /**
     * The provider's configuration (PID {@code io.ociplane.oci.runc}) on these directories: runc, and SIGKILL
     * {@code stopGrace} after SIGTERM.
     */
    public Map<String, Object> configuration(Duration stopGrace) {
        return Map.of("runtime", "runc", "stateDir", stateDir.toString(), "workspaceDir", workspaceDir.toString(),
                "stopGraceMillis", stopGrace.toMillis());
    }

    /** The provider's runc root. */
    public RuncRoot root() {
        return new RuncRoot(stateDir.resolve("runc"));
    }

    /** A bundle whose process runs {@code args} ({@link BusyboxBundles#bundle(Path, String...)}). */
    public Path bundle(String name, String... args) throws IOException, InterruptedException {
        return busybox.bundle(Files.createDirectory(bundles.resolve(name)), args);
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
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
    public void close() {
        root().deleteAll();
        List<String> left = root().ids();
        if (!left.isEmpty()) {
            throw new IllegalStateException("runc could not delete " + left);
        }
    }

    /** The names in a directory, sorted; none when it does not exist. */
    public static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
