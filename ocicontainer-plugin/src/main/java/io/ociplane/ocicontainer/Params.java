package io.ociplane.ocicontainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;

/**
 * Reads the seed plugin's params as Thunder's JsonObject does (docs/plugins-api.md#params), and refuses malformed input
 * with a precise reason before any provider is called. Params that are not an object act as an empty object.
 */
final class Params {

    static final int MAX_TEXT = 4096;

    private final JsonNode params;

    Params(JsonNode params) {
        this.params = params != null && params.isObject() ? params : null;
    }

    private JsonNode member(String name) {
        return params == null ? null : params.get(name);
    }

    /** A required string member: present and a JSON string, not empty, not over {@link #MAX_TEXT}. */
    String required(String name) throws JsonRpcException {
        return required(name, MAX_TEXT);
    }

    /** A required string member: present and a JSON string, not empty, not over {@code maxChars} characters. */
    String required(String name, int maxChars) throws JsonRpcException {
        JsonNode n = member(name);
        if (n == null || n.isNull()) {
            throw fail("'" + name + "' is required");
        }
        if (!n.isTextual()) {
            throw fail("'" + name + "' must be a string, not " + n.getNodeType().name().toLowerCase());
        }
        return checkText(name, n.textValue(), false, maxChars);
    }

    /**
     * An optional string. Absent, null, {@code ""} and the text {@code "null"} (what the seed reads for an absent
     * member) all mean "not given" and give {@code null}.
     */
    String optional(String name) throws JsonRpcException {
        JsonNode n = member(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw fail("'" + name + "' must be a string, not " + n.getNodeType().name().toLowerCase());
        }
        String v = checkText(name, n.textValue(), true, MAX_TEXT);
        return v.isEmpty() || v.equals("null") ? null : v;
    }

    /** Only a JSON {@code true} counts, as in the seed ({@code "true"} the string is false). */
    boolean flag(String name) {
        JsonNode n = member(name);
        return n != null && n.isBoolean() && n.booleanValue();
    }

    /** The container to address: an id by Dobby's rules, or a decimal descriptor. */
    String containerRef() throws JsonRpcException {
        String ref = required("containerId");
        if (!ContainerIds.isValidId(ref) && !ref.chars().allMatch(Character::isDigit)) {
            throw fail("'containerId' is neither a valid container id nor a descriptor: '"
                    + ContainerIds.shorten(ref) + "'");
        }
        return ref;
    }

    /** The id of a container to create, by Dobby's rules. */
    String newContainerId() throws JsonRpcException {
        String id = required("containerId");
        return check(() -> ContainerIds.checkId(id));
    }

    /** An absolute path member; {@code null} when optional and not given. */
    String path(String name, boolean required) throws JsonRpcException {
        String p = required ? required(name) : optional(name);
        return p == null ? null : check(() -> ContainerIds.checkAbsolutePath("'" + name + "'", p));
    }

    /**
     * {@code dobbySpec}: an object, or a string holding the JSON text of one; returned as compact JSON text. Its
     * fields are checked by the provider that reads it, which every provider does before anything runs.
     */
    String dobbySpec(ObjectMapper mapper) throws JsonRpcException {
        JsonNode n = member("dobbySpec");
        if (n == null || n.isNull()) {
            throw fail("'dobbySpec' is required");
        }
        JsonNode spec = n;
        if (n.isTextual()) {
            try {
                spec = mapper.readTree(n.textValue());
            } catch (JsonProcessingException e) {
                throw fail("'dobbySpec' is a string but not the JSON text of an object");
            }
        }
        if (spec == null || !spec.isObject()) {
            throw fail("'dobbySpec' must be a JSON object (or the JSON text of one)");
        }
        return spec.toString(); // its fields are the provider's to check (docs/plugins-api.md)
    }

    private static String checkText(String name, String v, boolean allowEmpty, int maxChars)
            throws JsonRpcException {
        if (!allowEmpty && v.isEmpty()) {
            throw fail("'" + name + "' must not be empty");
        }
        if (v.length() > maxChars) {
            throw fail("'" + name + "' is longer than " + maxChars + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20) {
                throw fail("'" + name + "' contains a control character");
            }
        }
        return v;
    }

    static JsonRpcException fail(String reason) {
        return new JsonRpcException(CoreError.GENERAL, reason);
    }

    /** A validation that throws the API's exception, turned into the seed's failure. */
    interface Check<T> {
        T run() throws ContainerException;
    }

    static <T> T check(Check<T> c) throws JsonRpcException {
        try {
            return c.run();
        } catch (ContainerException e) {
            throw fail(e.getMessage());
        }
    }
}
