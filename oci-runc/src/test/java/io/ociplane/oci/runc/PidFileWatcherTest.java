package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pid file's event that arrives after the file is gone again must not announce the next run: a container that
 * exits at once and is respawned (restartOnCrash) has its first pid file's creation still queued when the respawn
 * deletes the file and expects it anew. That stale event made the respawn read no pid and kill its own runc.
 */
class PidFileWatcherTest {

    @Test
    void aStaleEventDoesNotAnnounceAFileThatIsGone(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("c.pid");
        try (FileWatch watch = new FileWatch("pid-file-watcher-test");
                PidFileWatcher watcher = new PidFileWatcher(dir, watch)) {
            for (int i = 0; i < 300; i++) {
                Files.writeString(pid, "1"); // the first run's file: its event may still be queued ...
                Files.delete(pid); // ... when the respawn deletes it
                CompletableFuture<Void> respawn = watcher.expect(pid);
                // every event before the marker's has been handled once the marker is announced
                Path marker = dir.resolve("marker-" + i);
                CompletableFuture<Void> seen = watcher.expect(marker);
                Files.writeString(marker, "");
                seen.get(10, TimeUnit.SECONDS);
                assertFalse(respawn.isDone(), "round " + i + ": announced a pid file that does not exist");
                respawn.cancel(false);
            }
        }
    }
}
