import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event latency for run/bench --system: the time from a container's exit (its init killed with SIGKILL) to the
 * {@code onContainerStopped} notification at each of several WebSocket subscribers. Run with the JDK's source
 * launcher, no build needed:
 *
 *   java run/tools/EventLatency.java --url http://127.0.0.1:9998/jsonrpc --bundle DIR [--containers 40]
 *        [--subscribers 10] [--warmup 5] [--prefix evt-] [--callsign org.rdk.OCIContainer] [--timeout-ms 5000]
 *
 * It opens the subscribers (one WebSocket each to /jsonrpc, each registering onContainerStopped with its own
 * client id), starts the containers from the bundle with startContainer, then, one container at a time: reads the
 * init's host pid from getContainerInfo ({@code info.pids[0]}), notes the time, kills the pid and waits until every
 * subscriber has the event naming that container. Progress goes to stderr; the last stdout line is
 * {@code EVENTS samples=.. missing=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. start_ms=.. parent_samples=..
 * parent_p50_us=.. parent_p99_us=.. first_p50_us=.. first_p99_us=..} over all (container, subscriber) samples (nearest-rank percentiles); the
 * parent figures are the time from the kill until the init's parent process ({@code runc run}) is gone, watched
 * through /proc every 0.1 ms: the OCI runtime's share of the latency; the first figures are per container, of
 * the subscriber that had the event first. Exit status 1 when anything failed.
 */
public class EventLatency {

    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("^\\{\\s*\"jsonrpc\"\\s*:\\s*\"2.0\"\\s*,\\s*\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern PIDS = Pattern.compile("\"pids\"\\s*:\\s*\\[\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final String callsign;
    /** name -> subscriber index -> nanoTime of arrival */
    private final Map<String, Map<Integer, Long>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> pending = new ConcurrentHashMap<>();
    private int requestId = 1;

    EventLatency(URI url, String callsign) {
        this.url = url;
        this.callsign = callsign;
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:9998/jsonrpc";
        String bundle = null;
        String prefix = "evt-";
        String callsign = "org.rdk.OCIContainer";
        int containers = 40;
        int subscribers = 10;
        int warmup = 5;
        long timeoutMs = 5000;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> url = v;
                case "--bundle" -> bundle = v;
                case "--prefix" -> prefix = v;
                case "--callsign" -> callsign = v;
                case "--containers" -> containers = Integer.parseInt(v);
                case "--subscribers" -> subscribers = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
                default -> {
                    System.err.println("EventLatency: unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (bundle == null || containers < 1 || subscribers < 1 || warmup < 0) {
            System.err.println("usage: java run/tools/EventLatency.java --url URL --bundle DIR [--containers N]"
                    + " [--subscribers N] [--warmup N] [--prefix P] [--callsign C] [--timeout-ms MS]");
            System.exit(2);
        }
        System.exit(new EventLatency(URI.create(url), callsign).run(bundle, prefix, containers, subscribers,
                warmup, timeoutMs));
    }

    int run(String bundle, String prefix, int containers, int subscribers, int warmup, long timeoutMs)
            throws Exception {
        List<WebSocket> sockets = new ArrayList<>();
        boolean failed = false;
        try {
            for (int s = 0; s < subscribers; s++) {
                sockets.add(subscribe(s));
            }
            List<String> ids = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int c = 1; c <= containers + warmup; c++) {
                String id = prefix + c;
                String reply = call("startContainer", "{\"containerId\":\"" + id + "\",\"bundlePath\":\""
                        + bundle.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
                if (!reply.contains("\"success\":true")) {
                    throw new IllegalStateException("startContainer " + id + " failed: " + reply);
                }
                ids.add(id);
            }
            long startMs = (System.nanoTime() - t0) / 1_000_000;
            System.err.printf("  event latency: %d containers started in %d ms (%d of them to warm up), %d"
                    + " subscribers%n", containers + warmup, startMs, warmup, subscribers);
            List<Long> samples = new ArrayList<>();
            List<Long> parentExits = new ArrayList<>();
            List<Long> firsts = new ArrayList<>();
            int missing = 0;
            int seen = 0;
            for (String id : ids) {
                boolean counted = seen++ >= warmup; // the first exits warm both JVMs' event paths
                String info = call("getContainerInfo", "{\"containerId\":\"" + id + "\"}");
                Matcher m = PIDS.matcher(info);
                if (!m.find()) {
                    throw new IllegalStateException("no pid in getContainerInfo of " + id + ": " + info);
                }
                long pid = Long.parseLong(m.group(1));
                ProcessHandle init = ProcessHandle.of(pid)
                        .orElseThrow(() -> new IllegalStateException("pid " + pid + " of " + id + " is not running"));
                // the init's parent is the runtime's "runc run" (or Dobby's monitor): when it is gone, the OCI
                // runtime has torn the container down; the rest of the latency is ours
                Path parentProc = init.parent().map(h -> Path.of("/proc/" + h.pid())).orElse(null);
                CountDownLatch all = new CountDownLatch(subscribers);
                pending.put(id, all);
                Map<Integer, Long> got = arrivals.computeIfAbsent(id, k -> new ConcurrentHashMap<>());
                long killed = System.nanoTime();
                if (!init.destroyForcibly()) {
                    throw new IllegalStateException("cannot kill pid " + pid + " of " + id);
                }
                if (parentProc != null) {
                    long deadline = killed + timeoutMs * 1_000_000L;
                    // 1 ms steps: a tighter poll would take a core from the runtime being measured
                    while (Files.exists(parentProc) && System.nanoTime() < deadline && all.getCount() > 0) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    if (!Files.exists(parentProc) && counted) {
                        parentExits.add((System.nanoTime() - killed) / 1000);
                    }
                }
                if (!all.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                    System.err.printf("  event latency: %s: only %d of %d subscribers had onContainerStopped after"
                            + " %d ms%n", id, got.size(), subscribers, timeoutMs);
                }
                pending.remove(id);
                if (!counted) {
                    continue;
                }
                long first = Long.MAX_VALUE;
                for (int s = 0; s < subscribers; s++) {
                    Long at = got.get(s);
                    if (at == null) {
                        missing++;
                    } else {
                        samples.add((at - killed) / 1000);
                        first = Math.min(first, (at - killed) / 1000);
                    }
                }
                if (first != Long.MAX_VALUE) {
                    firsts.add(first);
                }
            }
            Collections.sort(samples);
            Collections.sort(parentExits);
            Collections.sort(firsts);
            failed = missing > 0 || samples.isEmpty();
            System.out.printf("EVENTS samples=%d missing=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d start_ms=%d"
                    + " parent_samples=%d parent_p50_us=%d parent_p99_us=%d first_p50_us=%d first_p99_us=%d%n",
                    samples.size(), missing, pct(samples, 50), pct(samples, 90), pct(samples, 99),
                    samples.isEmpty() ? -1 : samples.get(samples.size() - 1), startMs, parentExits.size(),
                    pct(parentExits, 50), pct(parentExits, 99), pct(firsts, 50), pct(firsts, 99));
        } catch (Exception e) {
            System.err.println("EventLatency: " + e);
            failed = true;
        } finally {
            for (WebSocket ws : sockets) {
                ws.abort();
            }
        }
        return failed ? 1 : 0;
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** A JSON-RPC call over HTTP; returns the reply text. */
    private String call(String method, String params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + requestId++ + ",\"method\":\"" + callsign + ".1." + method
                + "\",\"params\":" + params + "}";
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " gave HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Opens subscriber {@code index}'s WebSocket and registers onContainerStopped; returns once registered. */
    private WebSocket subscribe(int index) throws Exception {
        String client = "sub" + index;
        String expected = client + ".onContainerStopped";
        CompletableFuture<String> registered = new CompletableFuture<>();
        URI ws = URI.create(url.toString().replaceFirst("^http", "ws"));
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(ws, new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                        long now = System.nanoTime();
                        partial.append(data);
                        if (last) {
                            String text = partial.toString();
                            partial.setLength(0);
                            Matcher id = ID.matcher(text);
                            if (id.find()) {
                                registered.complete(text);
                            } else {
                                Matcher method = METHOD.matcher(text);
                                Matcher name = NAME.matcher(text);
                                if (method.find() && method.group(1).equals(expected) && name.find()) {
                                    Map<Integer, Long> got = arrivals.computeIfAbsent(name.group(1),
                                            k -> new ConcurrentHashMap<>());
                                    if (got.putIfAbsent(index, now) == null) {
                                        CountDownLatch latch = pending.get(name.group(1));
                                        if (latch != null) {
                                            latch.countDown();
                                        }
                                    }
                                }
                            }
                        }
                        s.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket s, Throwable error) {
                        registered.completeExceptionally(error);
                        System.err.println("EventLatency: subscriber " + index + ": " + error);
                    }
                }).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + callsign + ".1.register\",\"params\":"
                + "{\"event\":\"onContainerStopped\",\"id\":\"" + client + "\"}}", true).get(10, TimeUnit.SECONDS);
        String reply = registered.get(10, TimeUnit.SECONDS);
        if (!reply.contains("\"result\":0") && !reply.contains("\"result\":null")) {
            throw new IllegalStateException("register of subscriber " + index + " failed: " + reply);
        }
        return socket;
    }
}
