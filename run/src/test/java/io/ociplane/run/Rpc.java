package io.ociplane.run;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An HTTP client of the runtime under test, over loopback. */
public final class Rpc {

    /**
     * A response: HTTP status, body text, the two headers Thunder always sets and Retry-After (null when absent).
     */
    public record Response(int status, String body, String allowOrigin, String cacheControl, String retryAfter) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    /** A client of the runtime the test booted (its port is {@link RuntimeOptions#PORT}). */
    public Rpc() {
        this(Integer.getInteger(RuntimeOptions.PORT));
    }

    /** A client of a runtime on another loopback port, e.g. one the test launched as a process. */
    public Rpc(int port) {
        this.port = port;
    }

    /** A client of the runtime the test booted, once its demo plugin answers. */
    public static Rpc onceDemoAnswers(Duration wait) {
        Rpc rpc = new Rpc();
        await("Demo answers", wait, () -> rpc.call("Demo.1.ping", null).status() == 200);
        return rpc;
    }

    public int port() {
        return port;
    }

    public Response post(String path, String body) {
        return post(path, body, java.util.Map.of());
    }

    /** With extra request headers (e.g. the {@code Origin} a browser sends). */
    public Response post(String path, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<String> r = exchange(b.build());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                r.headers().firstValue("Cache-Control").orElse(null), r.headers().firstValue("Retry-After").orElse(null));
    }

    /** Sends a request; any answer, of any status, is returned as it is. */
    private HttpResponse<String> exchange(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(req.method() + " " + req.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Response post(String body) {
        return post("/jsonrpc", body);
    }

    /** A call with id 1; params JSON text or null. */
    public Response call(String method, String params) {
        return post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}");
    }

    public Response get(String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<String> r = exchange(req);
        return new Response(r.statusCode(), r.body(), null, null, r.headers().firstValue("Retry-After").orElse(null));
    }

    /** A hand-written HTTP/1.1 request (for headers java.net.http refuses to set); returns the whole answer. */
    public String raw(String request) {
        return raw(request, false);
    }

    /**
     * Sends bytes as they are and returns everything the server sends until it closes; with {@code endOutput} the
     * client then shuts its sending side down (the server reads the end of the stream, the answer can still come).
     */
    public String raw(String request, boolean endOutput) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (endOutput) {
                s.shutdownOutput();
            }
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The status element of a callsign: R2/R4 answer an array of one, R5 the element itself. */
    public JsonNode status(String callsign) {
        JsonNode result = call("Controller.1.status@" + callsign, null).json().path("result");
        return result.isArray() ? result.path(0) : result;
    }

    /** Waits for a condition, polling; fails with the message after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(20); // polling interval, not synchronisation: the condition decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
