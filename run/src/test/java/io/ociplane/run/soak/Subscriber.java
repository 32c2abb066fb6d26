package io.ociplane.run.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client that registers org.rdk.OCIContainer's container events under its own client id and counts
 * each event it receives by {@link EventLedger#key}. It reconnects (closes its socket, connects, registers
 * again) when told to, at a quiet point.
 */
final class Subscriber {

    static final List<String> EVENTS = List.of("onContainerStarted", "onContainerStopped", "onContainerStateChanged");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String clientId;
    private final HttpClient http;
    private final URI uri;
    private final String callsign;
    private final ObjectMapper mapper;
    private final Map<String, Integer> received = new ConcurrentHashMap<>();
    /** Messages that are neither an answer nor an event of this client id. */
    private final LongAdder strays = new LongAdder();
    private volatile Connection connection;
    private int connections;
    private long connectedAt;

    Subscriber(int n, HttpClient http, int port, String callsign, ObjectMapper mapper) {
        this.clientId = "sub" + n;
        this.http = http;
        this.uri = URI.create("ws://127.0.0.1:" + port + "/jsonrpc");
        this.callsign = callsign;
        this.mapper = mapper;
    }

    /** Connects and registers every event; throws when that does not succeed within 10 s. */
    void connect() throws Exception {
        Connection c = new Connection();
        connection = c;
        c.socket = http.newWebSocketBuilder().subprotocols("notification").connectTimeout(WAIT)
                .buildAsync(uri, c).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        int id = 1;
        for (String event : EVENTS) {
            c.socket.sendText(mapper.createObjectNode().put("jsonrpc", "2.0").put("id", id++)
                    .put("method", callsign + ".1.register").set("params", mapper.createObjectNode()
                            .put("event", event).put("id", clientId)).toString(), true)
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        c.registered.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        connections++;
        connectedAt = System.nanoTime();
    }

    /** Closes the socket (waiting for the server's close, up to 10 s) and connects and registers again. */
    void reconnect() throws Exception {
        close();
        connect();
    }

    void close() {
        Connection c = connection;
        if (c == null || c.socket == null) {
            return;
        }
        try {
            c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "soak").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            c.closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            c.socket.abort();
        }
    }

    int connections() {
        return connections;
    }

    /** When the current connection was registered (System.nanoTime). */
    long connectedAt() {
        return connectedAt;
    }

    boolean has(String key) {
        return received.containsKey(key);
    }

    /** How often the event arrived (0: never); forgets it. */
    int take(String key) {
        Integer n = received.remove(key);
        return n == null ? 0 : n;
    }

    /** Events still counted that nobody took (not expected), and forgets them. */
    int takeRest() {
        int n = received.size();
        received.clear();
        return n;
    }

    long strays() {
        return strays.sum();
    }

    /** One socket: its answers to the registrations and the events that reach it. */
    private final class Connection implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final AtomicInteger answers = new AtomicInteger();
        final CompletableFuture<Void> registered = new CompletableFuture<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                handle(text);
            }
            ws.request(1);
            return null;
        }

        private void handle(String text) {
            JsonNode m;
            try {
                m = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                strays.increment();
                return;
            }
            String method = m.path("method").asText();
            if (m.has("id")) {
                if (m.path("result").asInt(-1) == 0) {
                    if (answers.incrementAndGet() == EVENTS.size()) {
                        registered.complete(null);
                    }
                } else {
                    registered.completeExceptionally(new IllegalStateException(clientId + ": register: " + text));
                }
            } else if (method.startsWith(clientId + ".")) {
                received.merge(EventLedger.key(method.substring(clientId.length() + 1), m.path("params")), 1,
                        Integer::sum);
            } else {
                strays.increment();
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            registered.completeExceptionally(error);
            closed.complete(null);
        }
    }
}
