package io.ociplane.oci.dobby.spec;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/** Typed readers of Dobby spec fields; a field of the wrong type is an {@code INVALID_ARGUMENT} naming it. */
final class SpecFields {

    private SpecFields() {
    }

    static boolean flag(ObjectNode spec, String field, boolean absent) throws ContainerException {
        JsonNode n = spec.path(field);
        if (n.isMissingNode()) {
            return absent;
        }
        if (n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw invalid("the Dobby spec's \"" + field + "\" must be true, false or null");
        }
        return n.asBoolean();
    }

    static List<String> strings(ObjectNode o, String field) throws ContainerException {
        JsonNode n = o.path(field);
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    break;
                }
                out.add(e.asText());
            }
            if (out.size() == n.size()) {
                return out;
            }
        }
        throw invalid("\"" + field + "\" must be an array of strings");
    }

    static String text(JsonNode n, String field) throws ContainerException {
        if (n == null || !n.isTextual()) {
            throw invalid("\"" + field + "\" must be a string");
        }
        return n.asText();
    }

    static long integer(JsonNode n, String field, long min, long max) throws ContainerException {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw invalid("\"" + field + "\" must be an integer from " + min + " to " + max);
        }
        return n.asLong();
    }

    static ContainerException invalid(String message) {
        return new ContainerException(Reason.INVALID_ARGUMENT, message);
    }
}
