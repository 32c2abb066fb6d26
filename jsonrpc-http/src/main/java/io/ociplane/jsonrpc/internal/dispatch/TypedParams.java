package io.ociplane.jsonrpc.internal.dispatch;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.jsonrpc.spi.ParamTypes;

/**
 * Typed params as Thunder's JSON parser treats them (docs/thunder-wire.md#envelope): R5 fails the call with the
 * parser's text before the method runs; R2/R4 ignore the parse failure and run the method with what did parse.
 */
final class TypedParams {

    /** Thunder's parser text for a value that is not an object where one is expected. */
    static final String NOT_AN_OBJECT = "Invalid value.\"null\" or \"{\" expected.";
    /** Thunder's parser text for {@code {}} where members are declared. */
    static final String EMPTY_OBJECT = "Expected new element, \"}\" found.";

    private TypedParams() {
    }

    /** No params (absent or {@code null}): the method runs without any; nothing to parse. */
    static boolean absent(JsonNode params) {
        return params == null || params.isNull() || params.isMissingNode();
    }

    /**
     * What R5's parse of the params reports, or {@code null} when they parse.
     *
     * @param types the declared member types, or {@code null} (params bound to a type check only the shape)
     */
    static String r5Failure(JsonNode params, ParamTypes types) {
        if (absent(params)) {
            return null;
        }
        if (!params.isObject()) {
            return NOT_AN_OBJECT;
        }
        if (params.isEmpty()) {
            return EMPTY_OBJECT;
        }
        if (types != null) {
            for (Map.Entry<String, ParamTypes.Type> m : types.members().entrySet()) {
                JsonNode v = params.get(m.getKey());
                if (v != null && !v.isNull() && !is(v, m.getValue())) {
                    return "Invalid value. \"" + m.getKey() + "\" must be " + m.getValue().described() + ", not "
                            + NamedParams.describe(v) + ".";
                }
            }
        }
        return null;
    }

    /** What R2/R4 hand the method: an object, without the declared members that did not parse. */
    static JsonNode lenient(JsonNode params, ParamTypes types) {
        if (absent(params)) {
            return params;
        }
        if (!params.isObject()) {
            return JsonNodeFactory.instance.objectNode();
        }
        ObjectNode kept = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            ParamTypes.Type declared = types.members().get(member.getKey());
            if (declared != null && !member.getValue().isNull() && !is(member.getValue(), declared)) {
                if (kept == null) {
                    kept = ((ObjectNode) params).deepCopy();
                }
                kept.remove(member.getKey());
            }
        }
        return kept == null ? params : kept;
    }

    private static boolean is(JsonNode v, ParamTypes.Type type) {
        return switch (type) {
            case STRING -> v.isTextual();
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case OBJECT -> v.isObject();
            case ARRAY -> v.isArray();
        };
    }
}
