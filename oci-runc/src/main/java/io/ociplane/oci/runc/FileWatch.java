package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inotify watch (the JDK's WatchService) for every directory the provider watches, and one thread that hands
 * each directory's events to its handlers. The JDK runs a poller thread per WatchService, so the pid files and the
 * console files share this one instead of having a pair of threads each (docs/footprint.md).
 */
final class FileWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    /** A handler's watch of a directory; {@link #cancel()} ends it. */
    interface Registration {
        void cancel();
    }

    private final WatchService watcher;
    private final Map<WatchKey, List<Consumer<WatchEvent<?>>>> handlers = new ConcurrentHashMap<>();
    private final Thread thread;

    FileWatch(String threadName) throws IOException {
        watcher = java.nio.file.FileSystems.getDefault().newWatchService();
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Watches {@code dir} for created and modified entries; {@code handler} gets the events (OVERFLOW too) on this
     * watch's thread, one at a time. Several handlers may watch one directory (a console file may be put anywhere).
     */
    synchronized Registration watch(Path dir, Consumer<WatchEvent<?>> handler) throws IOException {
        WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        handlers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(handler);
        return () -> unwatch(key, handler);
    }

    private synchronized void unwatch(WatchKey key, Consumer<WatchEvent<?>> handler) {
        List<Consumer<WatchEvent<?>>> list = handlers.get(key);
        if (list != null && list.remove(handler) && list.isEmpty()) {
            handlers.remove(key);
            key.cancel();
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                List<Consumer<WatchEvent<?>>> list = handlers.getOrDefault(key, List.of());
                for (WatchEvent<?> e : key.pollEvents()) {
                    for (Consumer<WatchEvent<?>> handler : list) {
                        try {
                            handler.accept(e);
                        } catch (RuntimeException ex) {
                            LOG.warn("a file watch handler failed on {}", key.watchable(), ex);
                        }
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
