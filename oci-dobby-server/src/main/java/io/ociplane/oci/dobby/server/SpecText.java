package io.ociplane.oci.dobby.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * debug1.GetSpec's answer: the spec a container was started from as the daemon writes it back
 * (docs/dobby-dbus.md#debug-interface): compact, keys sorted, and {@code "rdkPlugins":null} when the spec has none
 * (the daemon looks the member up, which adds it). A text that is no JSON object (only a provider that does not read
 * specs accepts one) is given back as it came.
 */
final class SpecText {

    private final ObjectMapper mapper = new ObjectMapper();

    String of(String spec) {
        JsonNode root;
        try {
            root = mapper.readTree(spec);
        } catch (JsonProcessingException e) {
            return spec;
        }
        if (!(root instanceof ObjectNode object)) {
            return spec;
        }
        if (!object.has("rdkPlugins")) {
            object.putNull("rdkPlugins");
        }
        return JsoncppStyle.compact(object);
    }
}
