package io.ociplane.jsonrpc.internal.dispatch;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which params types are bound from a JSON object (named params): records, maps and other beans. Scalars, strings,
 * enums, arrays and collections are bound from other JSON values and take any shape Jackson accepts.
 */
final class NamedParams {

    private NamedParams() {
    }

    static boolean takes(Class<?> type) {
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return true;
        }
        return !(type.isPrimitive() || type.isArray() || type.isEnum() || Number.class.isAssignableFrom(type)
                || CharSequence.class.isAssignableFrom(type) || type == Boolean.class || type == Character.class
                || Iterable.class.isAssignableFrom(type) || type == Object.class);
    }

    /** "a string", "an array", ... for the reason of a refusal. */
    static String describe(JsonNode params) {
        return switch (params.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "a " + params.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
