package io.ociplane.jsonrpc.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class PluginFileTest {

    @TempDir
    Path dir;
    private final ObjectMapper mapper = new ObjectMapper();

    private PluginFile read(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, json);
        return PluginFile.read(p, mapper);
    }

    @Test
    void callsignDefaultsToTheFileName() throws IOException {
        PluginFile f = read("org.rdk.OCIContainer.json", "{\"locator\":\"libX.so\",\"classname\":\"OCIContainer\"}");
        assertEquals("org.rdk.OCIContainer", f.callsign());
        assertTrue(f.startsActivated());
    }

    @Test
    void startFlagPrecedence() throws IOException {
        assertFalse(read("a.json", "{\"locator\":\"l\",\"classname\":\"c\",\"autostart\":false}").startsActivated());
        PluginFile both = read("b.json",
                "{\"locator\":\"l\",\"classname\":\"c\",\"autostart\":false,\"startmode\":\"Activated\"}");
        assertTrue(both.startsActivated());
        assertTrue(both.startFlagsDisagree());
        assertFalse(read("c.json", "{\"locator\":\"l\",\"classname\":\"c\",\"startmode\":\"Deactivated\"}")
                .startsActivated());
    }

    @Test
    void locatorAndClassnameAreRequired() {
        assertThrows(IOException.class, () -> read("x.json", "{\"classname\":\"c\"}"));
        assertThrows(IOException.class, () -> read("y.json", "[]"));
        assertThrows(IOException.class, () -> read("z.json", "{\"callsign\":\"a/b\",\"locator\":\"l\",\"classname\":\"c\"}"));
    }

    @Test
    void configurationBecomesProperties() throws IOException {
        PluginFile f = read("C.json", "{\"callsign\":\"C2\",\"locator\":\"l\",\"classname\":\"Containers\","
                + "\"configuration\":{\"containerPaths\":[\"/a\",\"/b\"],\"n\":3,\"on\":true,\"o\":{\"k\":1}}}");
        Hashtable<String, Object> p = f.configProperties(f.configuration());
        assertEquals("C2", p.get("callsign"));
        assertEquals("Containers", p.get("classname"));
        assertArrayEquals(new String[] { "/a", "/b" }, (String[]) p.get("containerPaths"));
        assertEquals(3L, p.get("n"));
        assertEquals(true, p.get("on"));
        assertEquals("{\"k\":1}", p.get("o"));
        assertEquals(f.configuration().toString(), p.get("thunder.configuration"));
    }
}
