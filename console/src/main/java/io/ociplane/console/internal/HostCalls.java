package io.ociplane.console.internal;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.jsonrpc.local.LocalSession;

/**
 * JSON-RPC calls over one session of the host's local endpoint: the request built with Jackson, the answer's result
 * returned or its error turned into {@link Refused}. The host checks, routes and answers as for any client.
 */
final class HostCalls {

    private final ObjectMapper mapper;
    private final LocalSession session;
    private final AtomicLong ids = new AtomicLong();

    HostCalls(ObjectMapper mapper, LocalSession session) {
        this.mapper = mapper;
        this.session = session;
    }

    /** An empty params object to fill in. */
    ObjectNode params() {
        return mapper.createObjectNode();
    }

    /**
     * @param method the full designator, e.g. {@code Controller.1.status@Demo}
     * @param params the params object, or {@code null} for none
     * @return the call's result ({@code null} JSON is a {@code NullNode})
     */
    JsonNode call(String method, ObjectNode params) throws Refused {
        ObjectNode request = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        String answer;
        try {
            answer = session.call(mapper.writeValueAsString(request));
        } catch (IllegalStateException e) {
            throw new Refused(method + ": the JSON-RPC host went away (" + e.getMessage() + "); try again");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request of plain JSON nodes is always written", e);
        }
        JsonNode reply = read(answer);
        JsonNode error = reply.get("error");
        if (error != null) {
            throw new Refused(method + ": " + describe(error));
        }
        return reply.path("result");
    }

    private JsonNode read(String answer) throws Refused {
        try {
            return mapper.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new Refused("the host's answer is not JSON: " + answer);
        }
    }

    /** {@code message (code): reason}, the reason being the error's {@code data} when there is one. */
    static String describe(JsonNode error) {
        String text = error.path("message").asText() + " (" + error.path("code").asText() + ")";
        JsonNode data = error.get("data");
        return data == null || data.isNull() ? text : text + ": " + (data.isTextual() ? data.asText() : data.toString());
    }
}
