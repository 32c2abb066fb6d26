package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps console files within their limit. Containers write their console file directly (opened for append), so
 * their output does not depend on the provider being there; whenever a watched file grows past its limit it is cut
 * back to the limit, which keeps the first {@code limit} bytes and drops the rest, as Dobby's file sink does.
 * inotify (the provider's {@link FileWatch}) reports the growth; the files' directories are watched while they have
 * a file.
 */
final class ConsoleLimiter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLimiter.class);

    private final FileWatch watch;
    private final Map<Path, Long> limits = new HashMap<>();
    private final Map<Path, Integer> users = new HashMap<>(); // containers may share a console file
    private final Map<Path, FileWatch.Registration> dirs = new HashMap<>();

    ConsoleLimiter(FileWatch watch) {
        this.watch = watch;
    }

    /** Watches {@code file} (absolute, in an existing directory) and enforces {@code limit} bytes at once. */
    synchronized void watch(Path file, long limit) throws IOException {
        Path dir = file.getParent();
        if (!dirs.containsKey(dir)) {
            dirs.put(dir, watch.watch(dir, e -> checkAll(dir,
                    e.kind() == StandardWatchEventKinds.OVERFLOW ? null : dir.resolve((Path) e.context()))));
        }
        limits.merge(file, limit, Math::min);
        users.merge(file, 1, Integer::sum);
        enforce(file, limits.get(file));
    }

    synchronized void unwatch(Path file) {
        Integer left = users.computeIfPresent(file, (f, n) -> n > 1 ? n - 1 : null);
        if (left != null || limits.remove(file) == null) {
            return;
        }
        Path dir = file.getParent();
        if (limits.keySet().stream().noneMatch(f -> f.getParent().equals(dir))) {
            FileWatch.Registration r = dirs.remove(dir);
            if (r != null) {
                r.cancel();
            }
        }
    }

    /** Enforces the limit of {@code file}, or of every watched file in {@code dir} when it is {@code null}. */
    private synchronized void checkAll(Path dir, Path file) {
        limits.forEach((f, limit) -> {
            if (file == null ? f.getParent().equals(dir) : f.equals(file)) {
                enforce(f, limit);
            }
        });
    }

    private static void enforce(Path file, long limit) {
        try {
            // never through a link: the file is cut only while it is the regular file it was (docs/spec-safety.md)
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) > limit) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    ch.truncate(limit);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot limit console file {}: {}", file, e.toString());
        }
    }

    /** Stops watching; the files stay as they are. */
    @Override
    public synchronized void close() {
        dirs.values().forEach(FileWatch.Registration::cancel);
        dirs.clear();
    }
}
