package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.dobby.spec.CpuSet;

/** What the runc provider cannot honour of a spec Dobby would take; Dobby's own rules are DobbySpecReaderTest's. */
class DobbySpecParserTest {

    /** rdkservices' helloworld.json. */
    private static final String HELLO = """
            {"version":"1.0","cwd":"/","args":["echo","Hello World"],"env":[],"user":{"uid":1000,"gid":1000},
             "memLimit":41943040,"network":"nat","mounts":[]}""";

    private final DobbySpecParser parser = new DobbySpecParser(new ObjectMapper(), CpuSet.parse("0-3"));

    private String with(String member) {
        return HELLO.substring(0, HELLO.lastIndexOf('}')) + "," + member + "}";
    }

    private Reason refusal(String spec) {
        return assertThrows(ContainerException.class, () -> parser.parse(spec), spec).reason();
    }

    @Test
    void refusesFieldsItCannotHonour() {
        for (String member : List.of("\"gpu\":{\"enable\":true}", "\"vpu\":{\"enable\":true}",
                "\"dbus\":{\"system\":\"system\"}", "\"devices\":[{\"major\":10,\"access\":\"rw\"}]",
                "\"plugins\":[{\"name\":\"x\",\"data\":{}}]", "\"rdkPlugins\":{\"logging\":{}}")) {
            assertEquals(Reason.UNSUPPORTED, refusal(with(member)), member);
        }
        String loop = HELLO.replace("\"mounts\":[]", "\"mounts\":[{\"source\":\"/a.img\",\"destination\":\"/a\","
                + "\"type\":\"loop\",\"fstype\":\"ext4\"}]");
        assertEquals(Reason.UNSUPPORTED, refusal(loop));
        String rt = HELLO.replace("\"1.0\"", "\"1.1\"").replace("\"mounts\":[]",
                "\"mounts\":[],\"rtPriority\":{\"default\":5,\"limit\":10}");
        assertEquals(Reason.UNSUPPORTED, refusal(rt));
    }

    @Test
    void refusesWhatTheHostCannotTake() {
        for (String bad : List.of(with("\"etc\":{\"passwd\":[\"a\\nb\"]}"), with("\"cpu\":{\"cores\":\"4\"}"),
                HELLO.replace("\"mounts\":[]", "\"mounts\":[{\"source\":\"/no/such\",\"destination\":\"/x\","
                        + "\"type\":\"bind\"}]"))) {
            assertEquals(Reason.INVALID_ARGUMENT, refusal(bad), bad);
        }
    }

    @Test
    void readsWhatDobbyReads() throws ContainerException {
        assertEquals(List.of("echo", "Hello World"), parser.parse(HELLO).args());
    }
}
