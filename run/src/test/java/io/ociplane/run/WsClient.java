package io.ociplane.run;

import static org.junit.Assert.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client of the runtime under test (JDK client), collecting every text message it receives. When the
 * server closes the connection (or it fails), {@link #next} throws {@link Closed} once the messages before it are
 * taken.
 */
public final class WsClient implements AutoCloseable, WebSocket.Listener {

    /** The server closed the connection, or it broke; {@code code} is the close status, -1 when it broke. */
    public static final class Closed extends AssertionError {
        private static final long serialVersionUID = 1L;
        public final int code;

        Closed(int code, String reason) {
            super("WebSocket closed: " + code + " " + reason);
            this.code = code;
        }
    }

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    public WsClient(int port, String path, String... subprotocols) {
        this(port, path, java.util.Map.of(), subprotocols);
    }

    /** With extra upgrade headers (e.g. the {@code Origin} a browser sends). */
    public WsClient(int port, String path, java.util.Map<String, String> headers, String... subprotocols) {
        this(port, path, headers, Duration.ofSeconds(5), subprotocols);
    }

    /**
     * With a bound on the opening handshake (connect, upgrade request and its answer); past it the constructor
     * fails with an {@link java.net.http.HttpTimeoutException} as its cause.
     */
    public WsClient(int port, String path, java.util.Map<String, String> headers, Duration handshakeWithin,
            String... subprotocols) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(handshakeWithin);
        headers.forEach(b::header);
        if (subprotocols.length > 0) {
            b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        socket = b.buildAsync(URI.create("ws://127.0.0.1:" + port + path), this).join();
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        try {
            socket.sendText(text, true).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new Closed(-1, "send failed: " + e.getCause());
        }
    }

    /** The next message, failing after the timeout. */
    public String next(Duration timeout) {
        try {
            Object m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull("no WebSocket message within " + timeout, m);
            if (m instanceof Closed closed) {
                messages.add(closed); // and every later look sees it too
                throw closed;
            }
            return (String) m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The first message that matches, failing after the timeout; earlier ones are dropped. */
    public String await(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String m = next(Duration.ofNanos(Math.max(left, 1)));
            if (match.test(m)) {
                return m;
            }
        }
    }

    /** Sends a call and returns its response; messages before it (events) are returned through {@code before}. */
    public String call(int id, String method, String params, java.util.List<String> before) {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}");
        String idMember = "\"id\":" + id + ",";
        while (true) {
            String m = next(Duration.ofSeconds(20));
            if (m.contains(idMember)) {
                return m;
            }
            if (before != null) {
                before.add(m);
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        messages.add(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        messages.add(new Closed(-1, error.toString()));
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
