package io.ociplane.oci.runc;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Dobby specs for tests: rdkservices' sleepy.json with the given console file and args. */
final class TestSpecs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestSpecs() {
    }

    static ObjectNode sleepy(Path console, String... args) throws JsonProcessingException {
        ObjectNode spec = (ObjectNode) MAPPER.readTree("""
                {"version":"1.0","cwd":"/","env":["TEST_VAR=12345"],"user":{"uid":1000,"gid":1000},
                 "console":{"limit":65536,"path":"%s"},
                 "etc":{"group":["root:x:0:"],"passwd":["root::0:0:root:/:/bin/false"]},
                 "memLimit":41943040,"network":"private","mounts":[]}
                """.formatted(console));
        spec.putArray("args").addAll(List.of(args).stream().map(MAPPER.getNodeFactory()::textNode).toList());
        return spec;
    }
}
