package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerException;

class BundleConfigsTest {

    @TempDir
    Path bundle;
    private final ObjectMapper mapper = new ObjectMapper();
    private final BundleConfigs configs = new BundleConfigs(mapper);

    private void config(String json) throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        Files.writeString(bundle.resolve("config.json"), json);
    }

    private ObjectNode prepare(String command, String display, List<String> env, Integer uid, Integer gid)
            throws ContainerException {
        return configs.prepare(new BundleStart("x", bundle.toString(), command, display, env, uid, gid), "/cg/x");
    }

    @Test
    void appliesDobbysStartOptionsToACopy() throws Exception {
        config("""
                {"ociVersion":"1.0.2-dobby","process":{"terminal":true,"args":["sleep","60"],"env":["A=1"]},
                 "root":{"path":"rootfs"},
                 "mounts":[{"destination":"/d","type":"bind","source":"data","options":["rbind"]},
                 {"destination":"/t","type":"tmpfs","source":"tmpfs"}]}""");
        Files.createDirectory(bundle.resolve("data"));
        String before = Files.readString(bundle.resolve("config.json"));
        Path display = Files.writeString(bundle.resolve("display"), "");
        ObjectNode c = prepare("/bin/app  --flag", display.toString(), List.of("A=1", "B=2"), 1000, 2000);

        assertEquals(before, Files.readString(bundle.resolve("config.json")), "the bundle is only read");
        assertEquals("1.0.2", c.get("ociVersion").asText());
        assertEquals(List.of("/bin/app", "", "--flag"), texts(c.at("/process/args")));
        assertFalse(c.at("/process/terminal").asBoolean());
        assertEquals(List.of("A=1", "B=2", "WAYLAND_DISPLAY=westeros", "XDG_RUNTIME_DIR=/tmp"),
                texts(c.at("/process/env")));
        assertEquals(bundle.resolve("rootfs").toString(), c.at("/root/path").asText());
        assertEquals(bundle.resolve("data").toString(), c.at("/mounts/0/source").asText());
        assertEquals("tmpfs", c.at("/mounts/1/source").asText());
        JsonNode westeros = c.at("/mounts/2");
        assertEquals("/tmp/westeros", westeros.get("destination").asText());
        assertEquals(display.toString(), westeros.get("source").asText());
        assertEquals(List.of("bind", "rw", "nosuid", "nodev", "noexec"), texts(westeros.get("options")));
        assertEquals("/cg/x", c.at("/linux/cgroupsPath").asText());
        assertEquals(1000, c.at("/linux/uidMappings/0/hostID").asInt());
        assertEquals(1, c.at("/linux/uidMappings/0/size").asInt());
        assertEquals(2000, c.at("/linux/gidMappings/0/hostID").asInt());
        assertEquals(10, c.at("/linux/gidMappings/0/size").asInt());
        assertEquals("user", c.at("/linux/namespaces/0/type").asText());
    }

    @Test
    void uidMappingOnlyWithBothIdsAndNoMappingsYet() throws Exception {
        config("""
                {"ociVersion":"1.0.2","process":{"args":["a"]},"root":{"path":"rootfs"},
                 "linux":{"cgroupsPath":"/mine","uidMappings":[{"containerID":0,"hostID":5,"size":1}]}}""");
        ObjectNode c = prepare(null, null, List.of(), 1000, 1000);
        assertEquals(5, c.at("/linux/uidMappings/0/hostID").asInt());
        assertTrue(c.at("/linux/gidMappings").isMissingNode());
        assertEquals("/mine", c.at("/linux/cgroupsPath").asText());
        c = prepare("", null, List.of(), 0, 1000);
        assertEquals(List.of("a"), texts(c.at("/process/args")), "an empty command keeps the args");
    }

    @Test
    void refusesWhatIsNotARunnableBundle() throws Exception {
        for (String bad : List.of("[]", "{\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"rootfs\"}}",
                "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"}}",
                "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[1]},\"root\":{\"path\":\"rootfs\"}}",
                "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"a\"]}}",
                "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"nodir\"}}",
                "{\"ociVersion\":\"1.0.2\",\"process\":\"a\",\"root\":{\"path\":\"rootfs\"}}",
                "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"a\"]},\"root\":{\"path\":\"rootfs\"},"
                        + "\"legacyPlugins\":{\"x\":{}}}")) {
            config(bad);
            assertThrows(ContainerException.class, () -> prepare(null, null, List.of(), null, null), bad);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
