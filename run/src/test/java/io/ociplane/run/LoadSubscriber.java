package io.ociplane.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One WebSocket client of {@link HotSwapUnderLoadIT}: subscribed to OCIContainer's start/stop events and
 * Controller's statechange, calling over its socket without pause. Its thread owns the socket: calls of the test
 * go through {@link #call}.
 */
final class LoadSubscriber implements Runnable {
    private static final String OCI = HotSwapUnderLoadIT.OCI;
    private static final Duration WAIT = HotSwapUnderLoadIT.WAIT;

    final int n;
    final WsClient ws;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final LoadStats stats;
    private final AtomicBoolean stop;
    private final BlockingQueue<Object[]> requests = new LinkedBlockingQueue<>();
    private int id = 100;
    private Thread thread;

    /**
     * @param stats where the load's answers are recorded
     * @param stop set when the load is to end
     */
    LoadSubscriber(int n, int port, LoadStats stats, AtomicBoolean stop) {
        this.n = n;
        this.ws = new WsClient(port, "/jsonrpc", "notification");
        this.stats = stats;
        this.stop = stop;
    }

    /** A call on this socket, answered by the socket's thread (or directly before it runs). */
    String call(String method, String params) {
        if (thread == null) {
            return exchange(method, params);
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        requests.add(new Object[] { method, params, answer });
        try {
            return answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("ws-" + n + " " + method + ": " + e, e);
        }
    }

    private String exchange(String method, String params) {
        int mine = ++id;
        ws.send("{\"jsonrpc\":\"2.0\",\"id\":" + mine + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}");
        while (true) {
            String m = ws.next(WAIT);
            JsonNode j = Json.tree(m);
            if (j.has("id") && j.get("id").asInt() == mine) {
                return m;
            }
            events.add(j);
        }
    }

    void start() {
        thread = new Thread(this, "hotswap-ws-" + n);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        long i = 0;
        while (!stop.get()) {
            Object[] req = requests.poll();
            if (req != null) {
                CompletableFuture<String> answer = (CompletableFuture<String>) req[2];
                try {
                    answer.complete(exchange((String) req[0], (String) req[1]));
                } catch (AssertionError e) {
                    answer.completeExceptionally(e);
                }
                continue;
            }
            String method = i++ % 2 == 0 ? OCI + ".1.listContainers" : "Controller.1.status@" + OCI;
            stats.sent.incrementAndGet();
            long start = System.nanoTime();
            String body;
            try {
                body = exchange(method, null);
            } catch (AssertionError e) {
                stats.lost("WS", method + ": " + e.getMessage());
                return; // the socket's answers are out of step now
            }
            stats.record("WS", 0, System.nanoTime() - start, 0, body);
        }
    }

    /** Waits until an event after {@code from} matches; returns its position. */
    int await(String what, int from, Predicate<JsonNode> match) {
        int[] found = { -1 };
        Rpc.await("ws-" + n + ": " + what, WAIT, () -> {
            for (int k = from; k < events.size(); k++) {
                if (match.test(events.get(k))) {
                    found[0] = k;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Events after {@code from} whose method is one of this client's subscriptions under the client id. */
    List<JsonNode> eventsOf(String clientId, int from) {
        List<JsonNode> out = new ArrayList<>();
        for (int k = from; k < events.size(); k++) {
            if (events.get(k).path("method").asText().startsWith(clientId + ".")) {
                out.add(events.get(k));
            }
        }
        return out;
    }

    /** The events of a client id, as "event name" (OCIContainer) or "callsign state" (statechange). */
    List<String> summary(String clientId) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : eventsOf(clientId, 0)) {
            String event = e.path("method").asText().substring(clientId.length() + 1);
            JsonNode p = e.path("params");
            out.add(event.equals("statechange") ? p.path("callsign").asText() + " " + p.path("state").asText()
                    : event + " " + p.path("name").asText());
        }
        return out;
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join(30_000);
        }
    }
}
