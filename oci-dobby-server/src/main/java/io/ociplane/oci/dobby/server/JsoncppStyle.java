package io.ociplane.oci.dobby.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON text laid out as the real daemon's GetInfo (docs/dobby-dbus.md#getinfo: jsoncpp, indentation of one space): keys
 * sorted, {@code "key" : value}, a non-empty object or array on its own line after its key (which leaves a space
 * at the end of the key's line), one array element per line, non-ASCII escaped as {@code \\uXXXX}. Clients
 * should parse it; this only spares the few that match text a surprise.
 */
final class JsoncppStyle {

    private JsoncppStyle() {
    }

    static String format(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, "", out);
        return out.toString();
    }

    private static void write(JsonNode node, String indent, StringBuilder out) {
        String inner = indent + " ";
        if (node.isObject() && node.size() > 0) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            out.append("{\n");
            for (Iterator<String> it = keys.iterator(); it.hasNext();) {
                String key = it.next();
                JsonNode value = node.get(key);
                out.append(inner);
                quote(key, out);
                out.append(" : ");
                if (isNested(value)) {
                    out.append('\n').append(inner);
                }
                write(value, inner, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append('}');
        } else if (node.isArray() && node.size() > 0) {
            out.append("[\n");
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                out.append(inner);
                write(it.next(), inner, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            out.append(indent).append(']');
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else {
            out.append(node.toString()); // numbers, booleans, null, {} and []
        }
    }

    private static boolean isNested(JsonNode value) {
        return (value.isObject() || value.isArray()) && value.size() > 0;
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
