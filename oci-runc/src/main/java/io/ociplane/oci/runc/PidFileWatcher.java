package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells when the runtime has written a container's pid file, which {@code runc run} does once the container's
 * process runs (it writes a hidden file and renames it, so the final name appears at once). Backed by inotify
 * through the provider's {@link FileWatch}: no polling.
 */
final class PidFileWatcher implements AutoCloseable {

    private final Path dir;
    private final FileWatch.Registration registration;
    private final Map<Path, CompletableFuture<Void>> expected = new ConcurrentHashMap<>();

    PidFileWatcher(Path dir, FileWatch watch) throws IOException {
        this.dir = dir;
        this.registration = watch.watch(dir, this::handle);
    }

    /** A future completed when {@code file} (in the watched directory) exists; call before starting the writer. */
    CompletableFuture<Void> expect(Path file) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        expected.put(file.getFileName(), f);
        f.whenComplete((v, t) -> expected.remove(file.getFileName(), f));
        if (Files.exists(dir.resolve(file.getFileName()))) {
            f.complete(null);
        }
        return f;
    }

    private void handle(WatchEvent<?> e) {
        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
            expected.forEach((name, f) -> {
                if (Files.exists(dir.resolve(name))) {
                    f.complete(null);
                }
            });
        } else {
            // only if the file is there now: the event may be an earlier run's, its file deleted since
            // (a container respawned right after it started; PidFileWatcherTest)
            Path name = (Path) e.context();
            CompletableFuture<Void> f = expected.get(name);
            if (f != null && Files.exists(dir.resolve(name))) {
                f.complete(null);
            }
        }
    }

    @Override
    public void close() {
        registration.cancel();
        expected.values().forEach(f -> f.cancel(false));
    }
}
