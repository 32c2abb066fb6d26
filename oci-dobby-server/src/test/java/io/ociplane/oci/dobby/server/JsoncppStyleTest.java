package io.ociplane.oci.dobby.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** GetInfo's layout: the same content gives the real daemon's exact text. */
class JsoncppStyleTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void compactJsonInAnyKeyOrderComesOutAsTheRealDaemonPrintsIt() throws IOException {
        String compact = "{\"timestamp\":901722227006,\"state\":\"paused\",\"id\":\"tb1\",\"processes\":[{\"pid\":28730,"
                + "\"nsPid\":1,\"executable\":\"/usr/bin/sleep\",\"cmdline\":\"sleep 60 \"}],\"pids\":[28730],"
                + "\"memory\":{\"user\":{\"usage\":581632,\"max\":1277952,\"limit\":9223372036854771712,\"failcnt\":0}},"
                + "\"cpu\":{\"usage\":{\"total\":11827550,\"percpu\":[842661,10984889]}},"
                + "\"annotations\":{\"mykey\":\"myvalue\"}}";
        try (InputStream in = getClass().getResourceAsStream("/dobby/getinfo-v3.19.1.json")) {
            String real = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(real, JsoncppStyle.format(json.readTree(compact)));
        }
    }

    @Test
    void emptyContainersNullsAndEscapes() throws IOException {
        assertEquals("{\n \"a\" : [],\n \"b\" : {},\n \"c\" : null,\n \"d\" : \"q\\\"\\\\\\n\\u00e9\"\n}",
                JsoncppStyle.format(json.readTree("{\"d\":\"q\\\"\\\\\\n\u00e9\",\"c\":null,\"b\":{},\"a\":[]}")));
    }
}
