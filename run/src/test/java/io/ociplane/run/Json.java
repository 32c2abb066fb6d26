package io.ociplane.run;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON parsing for assertions. */
final class Json {

    private Json() {
    }

    static JsonNode tree(String text) {
        try {
            return Rpc.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
