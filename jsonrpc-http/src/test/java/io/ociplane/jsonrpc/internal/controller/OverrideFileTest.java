package io.ociplane.jsonrpc.internal.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.internal.lifecycle.PluginFile;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRecord;
import io.ociplane.jsonrpc.internal.lifecycle.PluginRegistry;
import io.ociplane.jsonrpc.internal.lifecycle.RegistryFixture;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

/** persist's override file: Thunder's content per release, written by rename, laid over the plugin files. */
class OverrideFileTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private PluginFile file(String name, String json) throws IOException {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, json);
        return PluginFile.read(f, mapper);
    }

    private PluginRegistry registry() throws IOException {
        PluginRegistry registry = new PluginRegistry();
        RegistryFixture.upsert(registry, file("Demo", "{\"locator\":\"demo\",\"classname\":\"Demo\",\"startmode\":\"Deactivated\","
                + "\"configuration\":{\"greeting\":\"hi\"}}"));
        RegistryFixture.upsert(registry, file("Bare", "{\"locator\":\"bare\",\"classname\":\"Bare\",\"resumed\":true}"));
        return registry;
    }

    @Test
    void r4WritesStartupAndR5StartmodeWithThunderMembers() throws IOException {
        OverrideFile o = new OverrideFile(dir.resolve("persistent"), mapper);
        o.write(registry().all(), WireProfile.R4);
        JsonNode r4 = mapper.readTree(o.path().toFile());
        assertEquals(dir.resolve("persistent/PluginHost/override.json"), o.path());
        assertEquals("{\"configuration\":{\"greeting\":\"hi\"},\"systemrootpath\":\"\",\"startup\":\"Deactivated\","
                + "\"resumed\":false}", r4.path("Services").path("Demo").toString());
        assertEquals("{\"configuration\":{},\"systemrootpath\":\"\",\"startup\":\"Activated\",\"resumed\":true}",
                r4.path("Services").path("Bare").toString());
        assertEquals("Service", r4.path("prefix").asText());
        assertEquals(180, r4.path("idletime").asInt());
        o.write(registry().all(), WireProfile.R5);
        JsonNode r5 = mapper.readTree(o.path().toFile());
        assertEquals("Deactivated", r5.path("Services").path("Demo").path("startmode").asText());
        assertFalse(r5.path("Services").path("Demo").has("startup"));
        try (var left = Files.list(o.path().getParent())) {
            assertEquals(1, left.count(), "no temporary file is left beside the override");
        }
    }

    @Test
    void theNextReadLaysTheOverrideOverThePluginFile() throws IOException {
        OverrideFile o = new OverrideFile(dir.resolve("persistent"), mapper);
        PluginRegistry registry = registry();
        PluginRecord demo = registry.find("Demo");
        assertTrue(RegistryFixture.configure(registry, demo, mapper.readTree("{\"greeting\":\"persisted\"}")));
        o.write(registry.all(), WireProfile.R5);
        PluginFile fresh = file("Demo", "{\"locator\":\"demo\",\"classname\":\"Demo\",\"startmode\":\"Activated\","
                + "\"configuration\":{\"greeting\":\"hi\"}}");
        PluginFile bare = file("Bare", "{\"locator\":\"bare\",\"classname\":\"Bare\"}");
        Map<String, PluginFile> applied = OverrideFile.apply(Map.of("Demo", fresh, "Bare", bare), o.read());
        assertEquals("persisted", applied.get("Demo").configuration().path("greeting").asText());
        assertFalse(applied.get("Demo").startsActivated(), "the persisted start mode wins over the file's");
        assertNull(applied.get("Bare").configuration(), "an empty persisted configuration keeps the file's none");
        assertTrue(applied.get("Bare").declared("resumed").asBoolean());
    }

    @Test
    void aSymlinkedOverrideIsNotReadAndAnOversizedOneIsRefused() throws IOException {
        OverrideFile o = new OverrideFile(dir.resolve("persistent"), mapper);
        Files.createDirectories(o.path().getParent());
        Path elsewhere = Files.writeString(dir.resolve("elsewhere.json"), "{\"Services\":{\"Demo\":{}}}");
        Files.createSymbolicLink(o.path(), elsewhere);
        assertEquals(Map.of(), o.read());
        Files.delete(o.path());
        Files.write(o.path(), new byte[(4 << 20) + 1]);
        assertThrows(IOException.class, o::read);
    }
}
