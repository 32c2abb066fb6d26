package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace deletion meets other writers (docs/workspaces.md): the soak of issue 20 left 0.2 % of spec containers'
 * workspaces behind, holding config.json and runc.log with rootfs gone, because a file that an exec created and
 * removed while the walk ran made the walk give up half-way.
 */
class WorkspacesTest {

    @TempDir
    Path root;
    @AutoClose("shutdownNow")
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @Test
    void filesThatComeAndGoDuringTheWalkDoNotLeaveTheWorkspaceBehind() throws Exception {
        Workspaces workspaces = new Workspaces(root, timer);
        for (int round = 0; round < 100; round++) {
            Path ws = workspaces.create("c" + round);
            fill(ws);
            AtomicBoolean stop = new AtomicBoolean();
            Thread exec = new Thread(() -> { // an exec's log file: written, read, removed, again and again
                for (int n = 0; !stop.get(); n++) {
                    Path log = ws.resolve("exec-" + n + ".log");
                    try {
                        Files.writeString(log, "x");
                        Files.deleteIfExists(log);
                    } catch (IOException e) {
                        return; // the workspace is gone
                    }
                }
            });
            exec.start();
            try {
                workspaces.delete(ws);
            } finally {
                stop.set(true);
                exec.join();
            }
            // gone at once, or after the later try once the writer has ended
            RealContainerTestBase.await("round " + round + ": " + ws + " removed",
                    Duration.ofMillis(Workspaces.RETRY_DELAY_MILLIS * 5), () -> !Files.exists(ws));
        }
    }

    @Test
    void theSweepKeepsOnlyTheWorkspacesOfLiveContainers() throws Exception {
        Workspaces workspaces = new Workspaces(root, timer);
        Path live = workspaces.create("live");
        Path starting = workspaces.create("starting");
        Path dead = workspaces.create("dead");
        fill(live);
        fill(dead);
        Path outside = Files.createDirectory(root.getParent().resolve(root.getFileName() + "-outside"));
        Files.createSymbolicLink(dead.resolve("link"), outside); // a link in a workspace is removed, not followed
        Files.writeString(outside.resolve("keep"), "not ours");
        try {
            workspaces.sweep(Set.of("live", "starting"));
            assertTrue(Files.isDirectory(live.resolve("rootfs")));
            assertTrue(Files.isDirectory(starting));
            assertFalse(Files.exists(dead));
            assertTrue(Files.exists(outside.resolve("keep")));
        } finally {
            Files.deleteIfExists(outside.resolve("keep"));
            Files.deleteIfExists(outside);
        }
    }

    /** What a spec container's workspace holds: a rootfs with a few levels, config.json, runc.log. */
    private static void fill(Path ws) throws IOException {
        for (String dir : new String[] { "rootfs/etc", "rootfs/tmp", "rootfs/usr/lib", "rootfs/home/private" }) {
            Files.createDirectories(ws.resolve(dir));
            for (int i = 0; i < 5; i++) {
                Files.writeString(ws.resolve(dir).resolve("f" + i), "data");
            }
        }
        Files.writeString(ws.resolve("config.json"), "{}");
        Files.writeString(ws.resolve("runc.log"), "");
    }
}
