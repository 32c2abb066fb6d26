import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idle WebSocket subscribers for run/bench's growth runs: what each connected, registered client costs the runtime.
 * Run with the JDK's source launcher, no build needed:
 *
 *   java run/tools/Subscribers.java --url http://127.0.0.1:9998/jsonrpc --count 1000
 *        [--callsign org.rdk.OCIContainer] [--event onContainerStateChanged] [--batch 50]
 *
 * It opens {@code count} WebSockets to /jsonrpc (at most {@code batch} handshakes at a time), registers {@code event}
 * of {@code callsign} on each with its own client id, prints {@code SUBSCRIBED count=.. ms=..} on stdout once every
 * one is registered, then counts the notifications that arrive until its standard input ends (the bench closes it),
 * closes every socket and prints {@code RECEIVED events=..}. Exit status 1 when a socket could not be opened or
 * registered; its sockets end with it.
 */
public class Subscribers {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong events = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:9998/jsonrpc";
        String callsign = "org.rdk.OCIContainer";
        String event = "onContainerStateChanged";
        int count = 1;
        int batch = 50;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = v;
                case "--callsign" -> callsign = v;
                case "--event" -> event = v;
                case "--count" -> count = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                default -> usage("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0 || count < 1 || batch < 1) {
            usage("bad arguments");
        }
        System.exit(new Subscribers().run(URI.create(url.replaceFirst("^http", "ws")), callsign, event, count, batch));
    }

    private static void usage(String why) {
        System.err.println("Subscribers: " + why + "; usage: java run/tools/Subscribers.java --url URL --count N"
                + " [--callsign C] [--event E] [--batch N]");
        System.exit(2);
    }

    int run(URI ws, String callsign, String event, int count, int batch) throws Exception {
        List<WebSocket> sockets = new ArrayList<>(count);
        try {
            long t0 = System.nanoTime();
            for (int from = 0; from < count; from += batch) {
                List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    pending.add(subscribe(ws, callsign, event, "sub" + i));
                }
                for (CompletableFuture<WebSocket> p : pending) {
                    sockets.add(p.get(30, TimeUnit.SECONDS));
                }
            }
            // one write, so that a reader never sees half the line
            System.out.print("SUBSCRIBED count=" + sockets.size() + " ms=" + (System.nanoTime() - t0) / 1_000_000 + "\n");
            System.out.flush();
            while (System.in.read() >= 0) {
                // the bench ends the run by closing our standard input
            }
            System.out.printf("RECEIVED events=%d%n", events.get());
            return 0;
        } catch (Exception e) {
            System.err.println("Subscribers: " + e + " after " + sockets.size() + " of " + count + " subscribers");
            return 1;
        } finally {
            for (WebSocket s : sockets) {
                s.abort();
            }
        }
    }

    /** Opens one WebSocket and registers the event; completes with the socket once the registration is answered. */
    private CompletableFuture<WebSocket> subscribe(URI ws, String callsign, String event, String client) {
        CompletableFuture<String> answered = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (text.contains("\"id\":1,") || text.contains("\"id\":1}")) {
                        answered.complete(text);
                    } else {
                        events.incrementAndGet();
                    }
                }
                s.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket s, Throwable error) {
                answered.completeExceptionally(error);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket s, int status, String reason) {
                answered.completeExceptionally(new IOException("closed " + status + " " + reason));
                return null;
            }
        };
        String register = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + callsign + ".1.register\",\"params\":"
                + "{\"event\":\"" + event + "\",\"id\":\"" + client + "\"}}";
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(ws, listener)
                .thenCompose(s -> s.sendText(register, true))
                .thenCompose(s -> answered.thenApply(reply -> {
                    if (!reply.contains("\"result\":0") && !reply.contains("\"result\":null")) {
                        s.abort();
                        throw new IllegalStateException("register of " + client + " failed: " + reply);
                    }
                    return s;
                }));
    }
}
