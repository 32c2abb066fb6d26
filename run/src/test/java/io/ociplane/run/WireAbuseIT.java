package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The wire findings of the abuse review (issue 12: 3, 6, 7) replayed against the assembled runtime with the demo
 * plugin, with the host's default limits (docs/wire.md): a WebSocket client that registers 10 000 events and then
 * never reads while other clients go on, 10 MB text and binary frames, lenient JSON, and requests Jetty itself
 * cannot read. Everything is answered, in JSON-RPC, and nothing fills the heap.
 */
public class WireAbuseIT extends InRuntime {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The defaults of the host configuration (README, docs/wire.md). */
    private static final int MAX_REGISTRATIONS = 1000;
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private Rpc rpc() {
        return Rpc.onceDemoAnswers(WAIT);
    }

    /** Finding 3: registrations past the cap are refused; the reader that stops reading is closed, alone. */
    @Test
    public void aClientThatStopsReadingIsClosedAndNobodyElseNotices() {
        Rpc rpc = rpc();
        long heapBefore = AbuseProbes.usedHeapAfterGc();
        AbuseProbes.Pinger pinger = new AbuseProbes.Pinger("Demo.1.ping");
        try (RawWebSocket slow = new RawWebSocket(rpc.port(), "/jsonrpc");
                WsClient good = new WsClient(rpc.port(), "/jsonrpc", "notification");
                AbuseProbes.Pinger other = pinger.start()) {
            int refused = 0;
            for (int batch = 0; batch < 10_000; batch += 100) {
                for (int i = batch; i < batch + 100; i++) {
                    slow.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"Demo.1.register\","
                            + "\"params\":{\"event\":\"fired\",\"id\":\"c" + i + "\"}}");
                }
                for (int i = 0; i < 100; i++) {
                    JsonNode answer = Json.tree(slow.read(WAIT).text());
                    if (answer.has("error")) {
                        assertEquals(answer.toString(), 48, answer.path("error").path("code").asInt());
                        assertEquals("ERROR_FAILED_REGISTERED", answer.path("error").path("message").asText());
                        assertTrue(answer.toString(), answer.path("error").path("data").asText()
                                .contains("holds " + MAX_REGISTRATIONS + " registrations"));
                        refused++;
                    }
                }
            }
            assertEquals(10_000 - MAX_REGISTRATIONS, refused);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}",
                    good.call(1, "Demo.1.register", "{\"event\":\"fired\",\"id\":\"good\"}", null));
            assertEquals(MAX_REGISTRATIONS + 1, observers(rpc));

            // From here the slow client reads nothing: each event is 1000 messages of 4 KB for it.
            String fire = "{\"payload\":{\"x\":\"" + "y".repeat(4000) + "\"}}";
            int fired = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (observers(rpc) > 1) {
                assertTrue("the slow client was not closed within 60 s", System.nanoTime() < deadline);
                assertEquals(200, rpc.call("Demo.1.fire", fire).status());
                fired++;
            }
            long heapAtClose = AbuseProbes.usedHeapAfterGc();

            // What the slow client had not read is still there, then its close frame says why.
            int[] framesBefore = { 0 };
            RawWebSocket.Frame close = slow.readUntilClose(WAIT, framesBefore);
            assertEquals(close.closeReason(), 1008, close.closeCode());
            assertTrue(close.closeReason(), close.closeReason().startsWith("client too slow"));
            assertTrue("some events were sent before the close", framesBefore[0] > 0);

            // The good client got every event, in order, and still gets them.
            for (int i = 0; i < fired; i++) {
                assertTrue(good.next(WAIT).startsWith("{\"jsonrpc\":\"2.0\",\"method\":\"good.fired\""));
            }
            assertEquals(200, rpc.call("Demo.1.fire", "{\"payload\":1}").status());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"good.fired\",\"params\":1}", good.next(WAIT));
            List<Long> latencies = other.stop();
            long p99 = AbuseProbes.percentile(latencies, 0.99);
            System.out.printf("slow reader: %d fires until closed after %d frames; another client's %d calls meanwhile: "
                    + "p99 %d ms, max %d ms; heap %d MB before, %d MB at the close%n", fired, framesBefore[0],
                    latencies.size(), p99, latencies.get(latencies.size() - 1), heapBefore >> 20, heapAtClose >> 20);
            assertTrue("p99 of the other client's calls " + p99 + " ms", p99 < 1000);
            // Unbounded, the queue would hold every event that did not fit the sockets (4 MB per fire); bounded,
            // one connection holds at most maxQueuedBytes (1 MiB) beyond them.
            assertTrue("heap grew by " + ((heapAtClose - heapBefore) >> 20) + " MB",
                    heapAtClose - heapBefore < 32L << 20);
        }
    }

    /** Finding 6: a 10 MB text frame is closed with 1009, a binary one with 1003, each at once. */
    @Test
    public void hugeFramesAreClosedAtOnceWithTheirCode() throws Exception {
        Rpc rpc = rpc();
        AbuseProbes.assertHugeFramesAreClosedAtOnce(rpc.port());
        assertEquals(200, rpc.call("Demo.1.ping", null).status());
        // a text message at the limit is still served
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            String params = "\"" + "x".repeat(MAX_REQUEST_BYTES - 100) + "\"";
            assertTrue(ws.call(1, "Demo.1.echo", params, null).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"xxx"));
        }
    }

    /** Finding 7: one object per request, each member once, params of the right shape. */
    @Test
    public void lenientJsonIsRefusedPerProfile() {
        Rpc rpc = rpc();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.ping\"}";
        for (String body : List.of(ping + " xyz", ping + ping, ping + "]",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.ping\",\"method\":\"Demo.1.crash\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.add\",\"params\":{\"a\":1,\"a\":2,\"b\":3}}")) {
            Rpc.Response r = rpc.post(body);
            assertEquals(body, 202, r.status());
            assertEquals(body, -32700, r.json().path("error").path("code").asInt());
            assertEquals(body, "Failed to parse JSONRPC message", r.json().path("error").path("message").asText());
            assertFalse(body, r.json().path("error").path("data").asText().isEmpty());
        }
        // Thunder does not check "jsonrpc" (docs/wire.md): clients that send another version are served
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}",
                rpc.post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"Demo.1.ping\"}").body());
        for (String params : List.of("\"a=1\"", "[40,2]", "7")) {
            Rpc.Response r = rpc.call("Demo.1.add", params);
            JsonRpcWireIT.assertError(r, -32602, "Invalid parameters.");
            assertTrue(r.body(), r.json().path("error").path("data").asText().startsWith("'add' takes named params"));
        }
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            JsonNode register = Json.tree(ws.call(1, "Demo.1.register", "\"fired\"", null));
            assertEquals(-32602, register.path("error").path("code").asInt());
            ws.send(ping + ping);
            assertEquals(-32700, Json.tree(ws.next(WAIT)).path("error").path("code").asInt());
        }
    }

    /** Finding 7: what Jetty refuses before any servlet runs is answered in JSON-RPC too, never an HTML page. */
    @Test
    public void requestsJettyCannotReadGetJsonRpcErrors() {
        Rpc rpc = rpc();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.ping\"}";
        String host = "Host: 127.0.0.1:" + rpc.port() + "\r\n";
        Map<String, Integer> requests = Map.ofEntries(
                Map.entry("POST /jsonrpc/../.. HTTP/1.1\r\n" + host + length(body) + body, 400),
                Map.entry("POST /jsonrpc/%2e%2e/x HTTP/1.1\r\n" + host + length(body) + body, 400),
                Map.entry("POST /jsonrpc%2F..%2F HTTP/1.1\r\n" + host + length(body) + body, 400),
                Map.entry("POST /jsonrpc/Demo%00 HTTP/1.1\r\n" + host + length(body) + body, 400),
                Map.entry("POST /jsonrpc HTTP/1.1\r\n" + host + "Content-Length: -5\r\n\r\n" + body, 400),
                Map.entry("POST /jsonrpc HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n" + body,
                        400),
                Map.entry("POST /jsonrpc HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n" + body, 400),
                Map.entry("POST /jsonrpc HTTP/1.1\r\n" + host + "Content-Length: 1000000000000\r\n\r\n" + body, 413),
                Map.entry("POST /jsonrpc HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n" + length(body) + body,
                        400),
                Map.entry("POST /jsonrpc/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + length(body) + body, 414),
                Map.entry("POST /jsonrpc HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20_000) + "\r\n" + length(body)
                        + body, 431),
                Map.entry("PUT /jsonrpc HTTP/1.1\r\n" + host + length(body) + body, 405),
                Map.entry("GET /jsonrpc/Nobody HTTP/1.1\r\n" + host + "Upgrade: websocket\r\nConnection: Upgrade, close\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 503));
        for (Map.Entry<String, Integer> e : requests.entrySet()) {
            String what = e.getKey().substring(0, Math.min(80, e.getKey().indexOf('\r')));
            String answer = rpc.raw(e.getKey().contains("Connection:") ? e.getKey()
                    : e.getKey().replaceFirst("\r\n", "\r\nConnection: close\r\n"));
            assertTrue(what + ": " + answer, answer.startsWith("HTTP/1.1 " + e.getValue() + " "));
            int split = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, split).toLowerCase();
            assertTrue(what + ": " + answer, head.contains("\r\ncontent-type: application/json"));
            JsonNode json = Json.tree(answer.substring(split + 4).trim());
            assertEquals(what, "2.0", json.path("jsonrpc").asText());
            assertTrue(what + ": " + json, json.path("error").path("code").isInt());
            assertFalse(what + ": " + json, json.path("error").path("data").asText().isEmpty());
        }
    }

    /**
     * A body that ends before its Content-Length (the client went, or the HTTP server cut the connection while it
     * stopped: seen under HostSwapUnderLoadIT's HTTP restarts) is answered in JSON-RPC: 503 with Retry-After, since
     * nothing ran; never the HTTP server's HTML page for a failed request.
     */
    @Test
    public void aBodyCutShortIsAnsweredInJsonRpc() {
        Rpc rpc = rpc();
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.ping\"}";
        String answer = rpc.raw("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1:" + rpc.port() + "\r\nContent-Length: "
                + (body.length() + 100) + "\r\n\r\n" + body, true);
        assertTrue(answer, answer.startsWith("HTTP/1.1 503 "));
        int split = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, split).toLowerCase();
        assertTrue(answer, head.contains("\r\ncontent-type: application/json"));
        assertTrue(answer, head.contains("\r\nretry-after: "));
        JsonNode json = Json.tree(answer.substring(split + 4).trim());
        assertTrue(json.toString(), json.path("error").path("data").asText().contains("nothing ran"));
        assertEquals("the host serves on", 200, rpc.call("Demo.1.ping", null).status());
    }

    /**
     * The 413 of an oversize body reaches clients that send the whole body before they read, every time: the body
     * is read away (up to four times the limit) and the connection stays usable.
     */
    @Test
    public void oversizeBodiesGet413OnAConnectionThatLivesOn() throws Exception {
        Rpc rpc = rpc();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] big = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Demo.1.echo\",\"params\":\"" + "x".repeat(MAX_REQUEST_BYTES)
                + "\"}").getBytes();
        URI uri = URI.create("http://127.0.0.1:" + rpc.port() + "/jsonrpc");
        for (int i = 0; i < 20; i++) {
            HttpRequest.BodyPublisher publisher = i % 2 == 0 ? HttpRequest.BodyPublishers.ofByteArray(big)
                    // without a length: chunked
                    : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
            HttpResponse<String> r = send(http, HttpRequest.newBuilder(uri).timeout(WAIT).POST(publisher).build());
            assertEquals(r.body(), 413, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.body(), r.body().contains("exceeds the limit of " + MAX_REQUEST_BYTES + " bytes"));
            HttpResponse<String> next = send(http, HttpRequest.newBuilder(uri).timeout(WAIT)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"Demo.1.ping\"}"))
                    .build());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"pong\"}", next.body());
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request + " failed: " + e, e);
        }
    }

    private static String length(String body) {
        return "Content-Length: " + body.length() + "\r\n\r\n";
    }

    private static int observers(Rpc rpc) {
        return rpc.call("Controller.1.status@Demo", null).json().path("result").path(0).path("observers").asInt();
    }
}
