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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One WebSocket client of {@link HotSwapUnderLoadIT} and {@link HostSwapUnderLoadIT}: subscribed to OCIContainer's
 * start/stop events and Controller's statechange, calling over its socket without pause. Its thread owns the
 * socket: calls of the test go through {@link #call}. A reconnecting subscriber behaves as ThunderJS does when the
 * server closes the socket: it connects again (trying again while the endpoint is not there, {@link Unreached}),
 * registers what it had registered and sends again the call that was under way.
 */
final class LoadSubscriber implements Runnable {
    private static final String OCI = HotSwapUnderLoadIT.OCI;
    private static final Duration WAIT = InRuntime.WAIT;

    final int n;
    private final int port;
    volatile WsClient ws;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    /** The registrations (method, params) made through {@link #register}, made again on every new connection. */
    private final List<String[]> registrations = new CopyOnWriteArrayList<>();
    /** Connections made so far, the first included; each is registered before it counts. */
    final AtomicInteger connections = new AtomicInteger(1);
    private final LoadStats stats;
    private final AtomicBoolean stop;
    private final BlockingQueue<Object[]> requests = new LinkedBlockingQueue<>();
    private int id = 100;
    private Thread thread;
    /** How long after the socket closed it may take to be connected and registered again; null: never. */
    private Duration reconnectWithin;
    /** The phase in which the current call was first sent again, or -1. */
    private int retriedIn = -1;

    /**
     * @param stats where the load's answers are recorded
     * @param stop set when the load is to end
     */
    LoadSubscriber(int n, int port, LoadStats stats, AtomicBoolean stop) {
        this.n = n;
        this.port = port;
        this.ws = new WsClient(port, "/jsonrpc", "notification");
        this.stats = stats;
        this.stop = stop;
    }

    /** Makes the subscriber connect again when its socket closes, within {@code within} of the close. */
    LoadSubscriber reconnecting(Duration within) {
        this.reconnectWithin = within;
        return this;
    }

    /** A registration, made now and again on every new connection; returns the first answer. */
    String register(String method, String params) {
        registrations.add(new String[] { method, params });
        return call(method, params);
    }

    /**
     * The load's registrations ({@link #register}): OCIContainer's onContainerStarted and onContainerStopped as
     * {@code c<n>}, Controller's statechange as {@code ctl<n>}; returns their answers.
     */
    List<String> registerForTheLoadEvents() {
        List<String> answers = new ArrayList<>();
        for (String ev : List.of("onContainerStarted", "onContainerStopped")) {
            answers.add(register(OCI + ".1.register", "{\"event\":\"" + ev + "\",\"id\":\"c" + n + "\"}"));
        }
        answers.add(register("Controller.1.register", "{\"event\":\"statechange\",\"id\":\"ctl" + n + "\"}"));
        return answers;
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
                    answer.complete(exchangeAgain((String) req[0], (String) req[1], System.nanoTime()));
                } catch (AssertionError e) {
                    answer.completeExceptionally(e);
                }
                continue;
            }
            String method = i++ % 2 == 0 ? OCI + ".1.listContainers" : "Controller.1.status@" + OCI;
            stats.sent.incrementAndGet();
            long start = System.nanoTime();
            String body;
            retriedIn = -1;
            try {
                body = exchangeAgain(method, null, start);
            } catch (AssertionError e) {
                stats.lost("WS", method + ": " + e.getMessage());
                return; // the socket's answers are out of step now
            }
            stats.record("WS", 0, System.nanoTime() - start, 0, body, retriedIn < 0 ? stats.phase : retriedIn);
        }
    }

    /** A call; when the socket closes before its answer, sent again on a new connection (if reconnecting). */
    private String exchangeAgain(String method, String params, long start) {
        while (true) {
            try {
                return exchange(method, params);
            } catch (WsClient.Closed closed) {
                if (reconnectWithin == null) {
                    throw closed;
                }
                stats.retried("WS", "socket closed " + closed.code);
                retriedIn = retriedIn < 0 ? stats.phase : retriedIn;
                reconnect(start + reconnectWithin.toNanos());
            }
        }
    }

    /** Connects again and registers again, trying until the deadline; fails after it. */
    private void reconnect(long deadline) {
        while (true) {
            try {
                ws = new WsClient(port, "/jsonrpc", java.util.Map.of(), Unreached.HANDSHAKE_WITHIN, "notification");
                for (String[] r : registrations) {
                    String answer = exchange(r[0], r[1]);
                    if (!Json.tree(answer).has("result")) {
                        throw new AssertionError("ws-" + n + ": " + r[0] + " refused on a new connection: " + answer);
                    }
                }
                connections.incrementAndGet();
                return;
            } catch (WsClient.Closed | java.util.concurrent.CompletionException e) {
                Unreached.Retry retry = e instanceof WsClient.Closed c ? new Unreached.Retry("socket closed " + c.code, 0)
                        : Unreached.ofFailure(e);
                if (retry == null || !Unreached.timeLeft(retry, deadline)) {
                    throw new AssertionError("ws-" + n + " not connected again in time: " + e, e);
                }
                stats.retried("WS", retry.reason());
                Unreached.pause(retry);
            }
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

    /** Ends a load run: waits for the HTTP client threads and the subscribers, then closes their sockets. */
    static void endAll(List<Thread> clients, List<LoadSubscriber> subs) throws InterruptedException {
        for (Thread t : clients) {
            t.join(30_000);
        }
        for (LoadSubscriber s : subs) {
            s.join();
            try {
                s.ws.close();
            } catch (RuntimeException e) {
                // the socket is gone already
            }
        }
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join(30_000);
        }
    }
}
