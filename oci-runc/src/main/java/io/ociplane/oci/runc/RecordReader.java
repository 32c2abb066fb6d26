package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.AnnotationLimits;

/**
 * Reads a container record as a stream, so that a record of any size costs one annotation of memory at a time:
 * records written by earlier versions had no annotation limits (one was found at 18 MB). Annotations beyond the
 * limits are dropped; a record whose annotations cannot be parsed keeps its container with none
 * (docs/spec-safety.md).
 */
final class RecordReader {

    /**
     * What a record file held.
     *
     * @param record the record, or {@code null} when the file is not one
     * @param dropped how many annotations were left out (over the limits)
     * @param damaged whether the file could not be parsed to its end (all annotations are then left out)
     */
    record Result(ContainerRecord record, int dropped, boolean damaged) {

        boolean repaired() {
            return record != null && (dropped > 0 || damaged);
        }
    }

    private final ObjectMapper mapper;
    private final AnnotationLimits limits;

    RecordReader(ObjectMapper mapper, AnnotationLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    Result read(Path file) {
        ObjectNode core = mapper.createObjectNode();
        Map<String, String> annotations = new TreeMap<>();
        int dropped = 0;
        boolean damaged = false;
        try (JsonParser p = mapper.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Result(null, 0, false);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("annotations")) {
                    dropped += annotations(p, annotations);
                } else {
                    core.set(name, p.readValueAsTree());
                }
            }
        } catch (IOException | RuntimeException e) {
            damaged = true;
        }
        if (damaged) {
            dropped += annotations.size();
            annotations.clear();
        }
        return new Result(ContainerRecord.fromJson(core, annotations), dropped, damaged);
    }

    /** Reads the annotations object into {@code out} within the limits; returns how many were left out. */
    private int annotations(JsonParser p, Map<String, String> out) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        int dropped = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING && out.size() < limits.maxCount()
                    && limits.fits(key, p.getText())) {
                out.put(key, p.getText());
            } else {
                p.skipChildren();
                dropped++;
            }
        }
        return dropped;
    }
}
