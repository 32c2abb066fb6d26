package io.ociplane.jsonrpc.internal.controller;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.jsonrpc.internal.lifecycle.PluginFile;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * Thunder's configuration override ({@code Controller.persist}/{@code storeconfig}): every plugin's configuration,
 * system root path, start mode and resumed flag in {@code <persistentPath>/PluginHost/override.json}, written
 * atomically and laid over the plugin files when they are read (docs/controller-system.md).
 */
public final class OverrideFile {

    /** Largest override file read back; a bigger one is ignored (the plugin files then apply as they are). */
    private static final long MAX_BYTES = 4L << 20;

    private final Path file;
    private final ObjectMapper mapper;

    public OverrideFile(Path persistentPath, ObjectMapper mapper) {
        this.file = persistentPath.resolve("PluginHost").resolve("override.json");
        this.mapper = mapper;
    }

    public Path path() {
        return file;
    }

    /**
     * Writes the override of every plugin with a file (R4 names the start mode {@code startup}, R5
     * {@code startmode}): to a new temporary file next to it, then renamed over it, so a reader sees the old file
     * or the new one, never half of one.
     */
    public void write(Iterable<PluginRecord> plugins, WireProfile profile) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode services = root.putObject("Services");
        for (PluginRecord r : plugins) {
            ObjectNode s = services.putObject(r.callsign());
            JsonNode configuration = r.configuration();
            s.set("configuration", configuration == null ? mapper.createObjectNode() : configuration);
            JsonNode root2 = r.file() == null ? null : r.file().declared("systemrootpath");
            s.put("systemrootpath", root2 == null ? "" : root2.asText());
            s.put(profile == WireProfile.R5 ? "startmode" : "startup", StatusView.startmode(r));
            JsonNode resumed = r.file() == null ? null : r.file().declared("resumed");
            s.put("resumed", resumed != null && resumed.asBoolean());
        }
        root.put("prefix", "Service");
        root.put("idletime", 180);
        Path dir = file.getParent();
        Files.createDirectories(dir);
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory of its own");
        }
        Path temp = Files.createTempFile(dir, ".override", ".tmp");
        try {
            mapper.writeValue(temp.toFile(), root);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The overrides per callsign, as written by {@link #write}: none when there is no file, and none (with the
     * reason thrown) when it cannot be read as one.
     */
    public Map<String, JsonNode> read() throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        JsonNode services = mapper.readTree(Files.readAllBytes(file)).path("Services");
        Map<String, JsonNode> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The files with their overrides laid over them (configuration, start mode, system root path, resumed). */
    public static Map<String, PluginFile> apply(Map<String, PluginFile> files, Map<String, JsonNode> overrides) {
        if (overrides.isEmpty()) {
            return files;
        }
        Map<String, PluginFile> out = new HashMap<>(files);
        for (Map.Entry<String, PluginFile> e : files.entrySet()) {
            JsonNode o = overrides.get(e.getValue().callsign());
            if (o != null) {
                out.put(e.getKey(), e.getValue().overriddenBy(o));
            }
        }
        return out;
    }
}
