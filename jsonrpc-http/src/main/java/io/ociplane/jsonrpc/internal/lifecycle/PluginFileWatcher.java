package io.ociplane.jsonrpc.internal.lifecycle;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the plugin directory ({@code *.json}, Thunder's {@code plugins/} folder) and reads it again whenever a
 * file in it is created, changed or deleted, handing the complete set of plugin files to a consumer.
 */
public final class PluginFileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginFileWatcher.class);

    private final Path dir;
    private final ObjectMapper mapper;
    private final BiConsumer<Map<String, PluginFile>, String> consumer;
    /** The last good read of each file: a file caught half-written keeps its previous contents. */
    private final Map<Path, PluginFile> lastGood = new java.util.concurrent.ConcurrentHashMap<>();
    private WatchService watcher;
    private Thread thread;

    /**
     * @param consumer receives every callsign's file and the Thunder reason of the change
     *            ({@code Startup}, then {@code Automatic})
     */
    public PluginFileWatcher(Path dir, ObjectMapper mapper, BiConsumer<Map<String, PluginFile>, String> consumer) {
        this.dir = dir;
        this.mapper = mapper;
        this.consumer = consumer;
    }

    /** Reads the directory once, synchronously, then watches it on a thread of its own. */
    public void start() throws IOException {
        if (!Files.isDirectory(dir)) {
            LOG.warn("Plugin directory {} does not exist: no plugins configured", dir);
            consumer.accept(Map.of(), "Startup");
            return;
        }
        watcher = dir.getFileSystem().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        consumer.accept(scan(), "Startup");
        thread = new Thread(this::watch, "plugin-files " + dir);
        thread.setDaemon(true);
        thread.start();
    }

    /** The plugin files now in the directory; unreadable files are logged and left out. */
    public Map<String, PluginFile> scan() {
        Map<String, PluginFile> files = new LinkedHashMap<>();
        TreeSet<Path> paths = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(paths::add);
        } catch (IOException e) {
            LOG.error("Cannot list plugin directory {}", dir, e);
            return files;
        }
        lastGood.keySet().retainAll(paths);
        for (Path p : paths) {
            try {
                PluginFile f = read(p);
                PluginFile earlier = files.putIfAbsent(f.callsign(), f);
                if (earlier != null) {
                    LOG.warn("{}: callsign {} is already configured by {}; ignored", p, f.callsign(), earlier.source());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Plugin file {} ignored: {}", p, e.getMessage());
            }
        }
        return files;
    }

    private PluginFile read(Path p) throws IOException {
        try {
            PluginFile f = PluginFile.read(p, mapper);
            lastGood.put(p, f);
            return f;
        } catch (IOException | RuntimeException e) {
            PluginFile previous = lastGood.get(p);
            if (previous == null) {
                throw e;
            }
            LOG.warn("Plugin file {} unreadable ({}); keeping its previous contents", p, e.getMessage());
            return previous;
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                key.pollEvents();
                key.reset();
                consumer.accept(scan(), "Automatic");
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the host is stopping
        } catch (RuntimeException e) {
            LOG.error("Plugin directory watcher stopped", e);
        }
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.debug("closing watcher", e);
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
