package io.ociplane.jsonrpc.internal.wire;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import io.ociplane.jsonrpc.spi.DaemonJson;

/**
 * Writes a {@link DaemonJson} as Thunder writes a {@code JsonObject} (or array) it parsed: the strings at its top
 * level with the profile's escaping, its nested objects and arrays as the daemon wrote them, without the profile's
 * own escapes ({@code \/}) (docs/thunder-wire.md#passed-on-json).
 */
final class DaemonJsonSerializer extends StdSerializer<DaemonJson> {

    private static final long serialVersionUID = 1L;

    DaemonJsonSerializer() {
        super(DaemonJson.class);
    }

    @Override
    public void serialize(DaemonJson json, JsonGenerator g, SerializerProvider provider) throws IOException {
        JsonNode tree = tree(json.value(), g, provider);
        if (tree.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                g.writeFieldName(member.getKey());
                writeMember(member.getValue(), g);
            }
            g.writeEndObject();
        } else if (tree.isArray()) {
            g.writeStartArray();
            for (JsonNode element : tree) {
                writeMember(element, g);
            }
            g.writeEndArray();
        } else {
            g.writeTree(tree);
        }
    }

    private static JsonNode tree(Object value, JsonGenerator g, SerializerProvider provider) throws IOException {
        if (value instanceof JsonNode node) {
            return node;
        }
        try (TokenBuffer buffer = new TokenBuffer(g.getCodec(), false)) {
            provider.defaultSerializeValue(value, buffer);
            return buffer.asParser(g.getCodec()).readValueAsTree();
        }
    }

    /** A top-level value: a scalar with the profile's escaping, an object or array with the daemon's. */
    private static void writeMember(JsonNode value, JsonGenerator g) throws IOException {
        if (!value.isContainerNode()) {
            g.writeTree(value);
            return;
        }
        CharacterEscapes profiles = g.getCharacterEscapes();
        g.setCharacterEscapes(null);
        try {
            g.writeTree(value);
        } finally {
            g.setCharacterEscapes(profiles);
        }
    }
}
