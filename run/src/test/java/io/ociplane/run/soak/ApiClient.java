package io.ociplane.run.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The soak's JSON-RPC client over HTTP (keep-alive, as Thunder clients). A call never throws: every outcome,
 * a timeout or a broken connection included, is an {@link Answer} for the tally to judge.
 */
final class ApiClient {

    /** What became of a call; {@code json} is null unless the body was JSON. */
    record Answer(String method, int status, JsonNode json, Failure failure, long nanos) {
        boolean hasResult() {
            return failure == null && json.has("result");
        }

        JsonNode result() {
            return json == null ? MissingNode.getInstance() : json.path("result");
        }

        /** The body, or the failure, for a report line. */
        String describe() {
            return failure != null && json == null ? failure.name().toLowerCase() : status + " " + json;
        }
    }

    /** A call without a JSON-RPC answer. */
    enum Failure {
        TIMEOUT, TRANSPORT, SERVER_ERROR, NOT_JSON
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    ApiClient(int port, ObjectMapper mapper, Duration timeout) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/jsonrpc");
        this.mapper = mapper;
        this.timeout = timeout;
    }

    ObjectNode params() {
        return mapper.createObjectNode();
    }

    /** @param params the call's params, or null for none */
    Answer call(String method, ObjectNode params) {
        ObjectNode request = mapper.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        long start = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Answer(method, 0, null, Failure.TIMEOUT, System.nanoTime() - start);
        } catch (IOException e) {
            return new Answer(method, 0, null, Failure.TRANSPORT, System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(method, 0, null, Failure.TRANSPORT, System.nanoTime() - start);
        }
        long nanos = System.nanoTime() - start;
        JsonNode json;
        try {
            json = mapper.readTree(r.body());
        } catch (JsonProcessingException e) {
            json = null;
        }
        Failure failure = r.statusCode() >= 500 ? Failure.SERVER_ERROR
                : json == null || !json.isObject() ? Failure.NOT_JSON : null;
        return new Answer(method, r.statusCode(), json, failure, nanos);
    }
}
