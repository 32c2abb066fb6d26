package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerInfo;

/**
 * Annotations within their limits on a real container, a bounded state record, and records of earlier versions
 * (no limits, 2 000 annotations of 4 KB, or damaged) that a new provider repairs instead of failing on.
 */
class AnnotationBoundsTest extends RealContainerTestBase {

    private static final long INFO_BUDGET_NANOS = 500_000_000L;
    private final ObjectMapper mapper = new ObjectMapper();

    private void startSleeper(String id) throws Exception {
        Path bundle = bundles.bundle(tmp.resolve(id), "/bin/sleep", "60");
        runtime.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null));
        awaitEvent(ContainerEvent.Type.STARTED, id);
    }

    private Path record(String id) {
        return stateDir.resolve("containers").resolve(id + ".json");
    }

    private ContainerInfo timedInfo(String id) throws ContainerException {
        long t0 = System.nanoTime();
        ContainerInfo info = runtime.info(id);
        long took = System.nanoTime() - t0;
        assertTrue(took < INFO_BUDGET_NANOS, "info took " + took / 1_000_000 + " ms");
        return info;
    }

    private static void refused(String messagePart, org.junit.jupiter.api.function.Executable call) {
        ContainerException e = assertThrows(ContainerException.class, call);
        assertEquals(Reason.INVALID_ARGUMENT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), "'" + e.getMessage() + "' lacks '" + messagePart + "'");
    }

    @Test
    void countKeyAndValueAreLimitedAndInfoStaysQuick() throws Exception {
        String id = newId("annotated");
        startSleeper(id);
        String value = "v".repeat(4096);
        for (int i = 0; i < 64; i++) {
            runtime.annotate(id, "key-" + i, value);
        }
        refused("already has 64 annotations, the most allowed (64)", () -> runtime.annotate(id, "key-64", "v"));
        runtime.annotate(id, "key-0", "replaced"); // an existing key may change
        refused("key is 257 bytes long; at most 256", () -> runtime.annotate(id, "k".repeat(257), "v"));
        refused("value is 4097 bytes long; at most 4096", () -> runtime.annotate(id, "key-1", value + "v"));
        refused("value is 4098 bytes long", () -> runtime.annotate(id, "key-1", "é".repeat(2049)));
        runtime.removeAnnotation(id, "key-63");
        runtime.annotate(id, "key-64", "room again");

        ContainerInfo info = timedInfo(id);
        assertEquals(64, info.annotations().size());
        assertEquals("replaced", info.annotations().get("key-0"));
        assertTrue(Files.size(record(id)) < 64 * (256 + 4096) + 4096, "record of " + Files.size(record(id)) + " bytes");
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    @Test
    void anOversizedRecordOfAnEarlierVersionIsRepairedAtStart() throws Exception {
        String id = newId("old");
        startSleeper(id);
        runtime.annotate(id, "kept", "yes");
        runtime.close();
        writeOldRecord(record(id), 2000);
        assertTrue(Files.size(record(id)) > 8_000_000, "an old record of " + Files.size(record(id)) + " bytes");

        runtime = open();
        ContainerInfo info = timedInfo(id);
        assertEquals(id, info.id());
        assertEquals(64, info.annotations().size(), "the first 64 within the limits");
        assertEquals("yes", info.annotations().get("kept"));
        assertTrue(Files.size(record(id)) < 64 * (256 + 4096) + 4096, "repaired to " + Files.size(record(id)));
        runtime.annotate(id, "kept", "still works");
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    @Test
    void aRecordWithDamagedAnnotationsKeepsItsContainer() throws Exception {
        String id = newId("damaged");
        startSleeper(id);
        runtime.annotate(id, "a", "1");
        runtime.close();
        String text = Files.readString(record(id));
        Files.writeString(record(id), text.substring(0, text.indexOf("\"annotations\"") + 20)); // cut mid-object

        runtime = open();
        ContainerInfo info = timedInfo(id);
        assertEquals(Map.of(), info.annotations());
        JsonNode repaired = mapper.readTree(record(id).toFile());
        assertEquals(id, repaired.get("id").asText());
        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    /** The record as an unlimited earlier version left it: {@code count} annotations of 4 KB after "kept". */
    private void writeOldRecord(Path file, int count) throws Exception {
        JsonNode current = mapper.readTree(file.toFile());
        String value = "x".repeat(4000);
        try (JsonGenerator g = mapper.createGenerator(Files.newOutputStream(file),
                com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (var e : current.properties()) {
                if (!e.getKey().equals("annotations")) {
                    g.writeFieldName(e.getKey());
                    mapper.writeTree(g, e.getValue());
                }
            }
            g.writeObjectFieldStart("annotations");
            g.writeStringField("kept", "yes");
            for (int i = 0; i < count; i++) {
                g.writeStringField(String.format("old-%04d", i), value);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }
}
