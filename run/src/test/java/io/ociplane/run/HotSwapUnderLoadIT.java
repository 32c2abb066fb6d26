package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Hot install and restart under load (issue 7 §2). Sixteen HTTP clients and four WebSocket clients call the
 * container plugins without pause while, one after the other: (1) the runc provider bundle is updated in place,
 * (2) it is uninstalled and the Dobby provider installed, served by the Dobby-compatible service on a private
 * dbus-daemon (backed by the in-memory provider, installed with it), (3) {@code org.rdk.OCIContainer} is
 * deactivated and activated through Controller, (4) the {@code Containers} plugin bundle is dropped into the
 * deploy directory and removed again. Every request must be answered, none with a 5xx or later than the restart
 * grace plus 1 s, every error must be one a switch explains (not active; a container that left with its
 * provider); real containers survive the bundle update (re-adopted, same descriptors and init pids); the
 * WebSocket subscriptions survive on callsigns that stay active (Controller throughout, OCIContainer across
 * provider changes) and end, as in Thunder, when OCIContainer is deactivated.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapUnderLoadIT {

    private static final int HTTP_CLIENTS = 16;
    private static final int WS_CLIENTS = 4;
    /** Two of the HTTP clients call the Containers plugin, which waits in precondition until phase 4. */
    private static final int CONTAINERS_CLIENTS = 2;
    /** The host's restartGraceMillis: the default, as the runtime is started without a setting. */
    private static final long GRACE_MS = Long.getLong("io.ociplane.jsonrpc.restartGraceMillis", 2000);
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Answers each phase must have, and the load must give after its last change, so all runs under load. */
    private static final long MIN_PER_PHASE = 64;
    private static final String WORK = "it.hotswap.work";
    private static final String OCI = "org.rdk.OCIContainer";
    private static final String RUNTIME_SERVICE = "io.ociplane.oci.api.ContainerRuntime";
    private static final List<String> RUNC_IDS = List.of("hs1", "hs2", "hs3");
    private static final String[] PHASES = { "0 steady, runc provider", "1 runc bundle updated in place",
            "2 runc uninstalled, Dobby installed", "3 OCIContainer deactivate/activate",
            "4 Containers bundle deployed/removed" };

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        PrivateBus.start();
        Path work = RuntimeOptions.tempDir("hotswap");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        for (String id : List.of("hs1", "hs2", "hs3", "hs4")) {
            Bundles.busybox(work.resolve("bundles").resolve(id).resolve("Container"), List.of("sleep", "600"));
        }
        String containers = "{\"callsign\":\"Containers\",\"locator\":\"io.ociplane.containers-compat\","
                + "\"classname\":\"Containers\",\"configuration\":{\"containerPaths\":[\"" + work.resolve("bundles") + "\"]}}";
        // the Dobby provider, its backing and the Containers bundle arrive at run time
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory", "oci-dobby", "containers-compat"),
                Map.of(OCI, OciContainerIT.PLUGIN_FILE, "Containers", containers), work.resolve("runc"),
                CoreOptions.systemProperty(WORK).value(work.toString()),
                CoreOptions.systemProperty(PrivateBus.ADDRESS).value(System.getProperty(PrivateBus.ADDRESS)),
                CoreOptions.systemProperty(PrivateBus.PID).value(System.getProperty(PrivateBus.PID)));
    }

    @AfterClass
    public static void stopBus() {
        PrivateBus.stop();
    }

    /** Stops the Dobby provider and service while their bus is still there (it stops after the class). */
    @After
    public void stopDobby() throws Exception {
        PrivateBus.stopDobbyBundle(context);
    }

    /** Kills and deletes whatever still runs under the provider's runc root, whichever phase failed. */
    @After
    public void removeRealContainers() {
        Path root = Path.of(System.getProperty(WORK), "runc", "state", "runc");
        if (!Files.isDirectory(root)) {
            return;
        }
        String ids = runc(root, "list", "-q");
        for (String id : ids.split("\\s+")) {
            if (!id.isBlank()) {
                runc(root, "delete", "--force", id);
            }
        }
    }

    private static String runc(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of("runc", "--root", root.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    // ---- what every client records ----

    /**
     * Answers by kind, per phase and per group of calls: "OCI" (OCIContainer's methods and Controller status of
     * it) and "Containers" (the Containers plugin and its status, which wait the grace while it has no bundle).
     * A request counts in the phase in which its answer arrived: one sent just before a switch and answered after
     * it belongs to the switch.
     */
    static final class Stats {
        static final String[] GROUPS = { "OCI", "Containers" };
        static final String[] KINDS = { "result", "error 2 Service is not active", "error 1 ERROR_GENERAL no container" };

        volatile int phase;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong noAnswer = new AtomicLong();
        final AtomicLong fiveXX = new AtomicLong();
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>(); // "phase group transport kind"
        final Map<String, String> unexpected = new ConcurrentHashMap<>(); // what: first body
        final Map<String, String> samples = new ConcurrentHashMap<>(); // counts key: first body
        final LongAdder[] perPhase = new LongAdder[PHASES.length];
        final LongAccumulator[][] slowest = new LongAccumulator[PHASES.length][GROUPS.length];
        final LongAccumulator slowestOverall = new LongAccumulator(Math::max, 0);

        Stats() {
            for (int i = 0; i < PHASES.length; i++) {
                perPhase[i] = new LongAdder();
                for (int g = 0; g < GROUPS.length; g++) {
                    slowest[i][g] = new LongAccumulator(Math::max, 0);
                }
            }
        }

        /** @param status HTTP status, or 0 for an answer over WebSocket */
        void record(String transport, int group, long nanos, int status, String body) {
            int phaseSent = phase; // the phase at the answer
            answered.incrementAndGet();
            long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
            perPhase[phaseSent].increment();
            slowest[phaseSent][group].accumulate(ms);
            slowestOverall.accumulate(ms);
            if (status >= 500) {
                fiveXX.incrementAndGet();
            }
            String kind;
            JsonNode json;
            try {
                json = Json.tree(body);
            } catch (AssertionError e) {
                json = null;
            }
            if (json == null) {
                kind = "not JSON";
            } else if (json.has("result")) {
                kind = status == 0 || status == 200 ? KINDS[0] : "result with HTTP " + status;
            } else {
                JsonNode error = json.path("error");
                int code = error.path("code").asInt();
                String message = error.path("message").asText();
                String data = error.path("data").asText("");
                if (status != 0 && status != 202) {
                    kind = "error with HTTP " + status;
                } else if (code == 2 && message.equals("Service is not active")) {
                    kind = KINDS[1];
                } else if (code == 1 && message.equals("ERROR_GENERAL") && data.startsWith("no container '")) {
                    kind = KINDS[2];
                } else {
                    kind = "error " + code + " " + message;
                }
            }
            String key = phaseSent + " " + group + " " + transport + " " + kind;
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
            samples.putIfAbsent(key, body);
            if (!List.of(KINDS).contains(kind)) {
                unexpected.putIfAbsent(transport + " " + kind + " in phase " + phaseSent, body);
            }
        }

        void lost(String transport, String why) {
            noAnswer.incrementAndGet();
            unexpected.putIfAbsent(transport + " no answer", why);
        }

        long inPhase(int p) {
            return perPhase[p].sum();
        }

        /** Answers of a kind, over the phases, groups and transports that match (null for any). */
        long count(Integer phase, Integer group, String transport, String kind) {
            long sum = 0;
            for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
                String[] k = e.getKey().split(" ", 4);
                if ((phase == null || k[0].equals(phase.toString())) && (group == null || k[1].equals(group.toString()))
                        && (transport == null || k[2].equals(transport)) && (kind == null || k[3].equals(kind))) {
                    sum += e.getValue().sum();
                }
            }
            return sum;
        }
    }

    private final Stats stats = new Stats();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The containers the load asks about; replaced as containers come and go with their providers. */
    private volatile List<String> targets = RUNC_IDS;

    /** One HTTP client: the container methods of OCIContainer and Controller status, or the Containers plugin. */
    private Thread httpClient(int n) {
        Thread t = new Thread(() -> {
            Rpc rpc = new Rpc();
            long i = n;
            while (!stop.get()) {
                String method;
                String params = null;
                List<String> ids = targets;
                String target = ids.get((int) (i % ids.size()));
                int group = n >= HTTP_CLIENTS - CONTAINERS_CLIENTS ? 1 : 0;
                if (group == 1) {
                    method = i % 2 == 0 ? "Containers.1.containers" : "Controller.1.status@Containers";
                } else {
                    switch ((int) (i % 4)) {
                        case 0 -> method = OCI + ".1.listContainers";
                        case 1 -> {
                            method = OCI + ".1.getContainerState";
                            params = "{\"containerId\":\"" + target + "\"}";
                        }
                        case 2 -> {
                            method = OCI + ".1.getContainerInfo";
                            params = "{\"containerId\":\"" + target + "\"}";
                        }
                        default -> method = "Controller.1.status@" + OCI;
                    }
                }
                i++;
                stats.sent.incrementAndGet();
                long start = System.nanoTime();
                Rpc.Response r;
                try {
                    r = rpc.call(method, params);
                } catch (AssertionError e) {
                    stats.lost("HTTP", method + ": " + e.getMessage());
                    continue;
                }
                stats.record("HTTP", group, System.nanoTime() - start, r.status(), r.body());
            }
        }, "hotswap-http-" + n);
        t.setDaemon(true);
        return t;
    }

    /**
     * One WebSocket client: subscribed to OCIContainer's start/stop events and Controller's statechange, calling
     * over its socket without pause. Its thread owns the socket: calls of the test go through {@link #call}.
     */
    final class Subscriber implements Runnable {
        final int n;
        final WsClient ws;
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        private final BlockingQueue<Object[]> requests = new LinkedBlockingQueue<>();
        private int id = 100;
        private Thread thread;

        Subscriber(int n, int port) {
            this.n = n;
            this.ws = new WsClient(port, "/jsonrpc", "notification");
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

    private static Predicate<JsonNode> event(String method, String member, String value) {
        return e -> e.path("method").asText().equals(method) && e.path("params").path(member).asText().equals(value);
    }

    private static Predicate<JsonNode> stateChange(String clientId, String callsign, String state) {
        return e -> e.path("method").asText().equals(clientId + ".statechange")
                && e.path("params").path("callsign").asText().equals(callsign)
                && e.path("params").path("state").asText().equals(state);
    }

    // ---- the runtime, seen from the test ----

    private JsonNode result(Rpc rpc, String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("result"));
        return r.path("result");
    }

    /** A register answer: result 0 (R4). */
    private static void registered(String answer) {
        JsonNode j = Json.tree(answer);
        assertTrue(answer, j.has("result") && j.path("result").asInt(-1) == 0);
    }

    private String note(Rpc rpc) {
        return rpc.call("Controller.1.status@" + OCI, null).json().path("result").path(0).path("note").asText();
    }

    private static String state(Rpc rpc, String callsign) {
        return rpc.call("Controller.1.status@" + callsign, null).json().path("result").path(0).path("state").asText();
    }

    /** Container id to descriptor, as OCIContainer lists them. */
    private Map<String, Integer> listed(Rpc rpc) {
        Map<String, Integer> out = new TreeMap<>();
        result(rpc, OCI + ".1.listContainers", null).path("containers")
                .forEach(c -> out.put(c.path("Id").asText(), c.path("Descriptor").asInt()));
        return out;
    }

    /** What the Containers plugin lists (every container of the provider), empty while it does not answer. */
    private static List<String> containersListed(Rpc rpc) {
        List<String> names = new ArrayList<>();
        rpc.call("Containers.1.containers", null).json().path("result").forEach(n -> names.add(n.asText()));
        return names;
    }

    private int initPid(Rpc rpc, String id) {
        return result(rpc, OCI + ".1.getContainerInfo", "{\"containerId\":\"" + id + "\"}").path("info").path("pids")
                .path(0).asInt();
    }

    private int start(Rpc rpc, String id, String bundlePath) {
        JsonNode r = result(rpc, OCI + ".1.startContainer",
                "{\"containerId\":\"" + id + "\",\"bundlePath\":\"" + bundlePath + "\"}");
        int descriptor = r.path("descriptor").asInt();
        assertTrue(r.toString(), descriptor > 0);
        return descriptor;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** The service id of the ContainerRuntime the bundle registered, or null. */
    private Long runtimeServiceOf(Bundle b) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(RUNTIME_SERVICE, null);
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    if (r.getBundle() != null && r.getBundle().getBundleId() == b.getBundleId()) {
                        return (Long) r.getProperty("service.id");
                    }
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Bundle install(String jarName) throws Exception {
        Path jar = Path.of(System.getProperty(RuntimeOptions.BUNDLES), jarName + ".jar");
        Bundle b = context.installBundle(jar.toUri().toString());
        b.start();
        return b;
    }

    /** Lets the load run on after a phase's last change, until that phase has answers enough, and new ones. */
    private void awaitLoadIn(int phase) {
        long base = stats.answered.get();
        Rpc.await(MIN_PER_PHASE + " more answers in phase " + PHASES[phase], WAIT,
                () -> stats.inPhase(phase) >= MIN_PER_PHASE && stats.answered.get() >= base + MIN_PER_PHASE);
    }

    private List<Integer> marks(List<Subscriber> subs) {
        List<Integer> marks = new ArrayList<>();
        subs.forEach(s -> marks.add(s.events.size()));
        return marks;
    }

    @Test
    public void switchesUnderLoad() throws Exception {
        Rpc rpc = new Rpc();
        Path work = Path.of(System.getProperty(WORK));
        Rpc.await("runc provider serves OCIContainer", WAIT, () -> "container provider: runc".equals(note(rpc)));
        assertEquals("precondition", state(rpc, "Containers")); // its bundle is not there yet

        Map<String, Integer> descriptors = new TreeMap<>();
        Map<String, Integer> pids = new TreeMap<>();
        for (String id : RUNC_IDS) {
            descriptors.put(id, start(rpc, id, work.resolve("bundles").resolve(id).resolve("Container").toString()));
            pids.put(id, initPid(rpc, id));
            assertTrue(id + " runs", pids.get(id) > 0 && Files.exists(Path.of("/proc/" + pids.get(id))));
        }
        assertEquals(descriptors, listed(rpc));

        List<Subscriber> subs = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        try {
            for (int n = 0; n < WS_CLIENTS; n++) {
                Subscriber s = new Subscriber(n, rpc.port());
                subs.add(s);
                for (String ev : List.of("onContainerStarted", "onContainerStopped")) {
                    registered(s.call(OCI + ".1.register", "{\"event\":\"" + ev + "\",\"id\":\"c" + n + "\"}"));
                }
                registered(s.call("Controller.1.register", "{\"event\":\"statechange\",\"id\":\"ctl" + n + "\"}"));
            }
            subs.forEach(Subscriber::start);
            for (int n = 0; n < HTTP_CLIENTS; n++) {
                Thread t = httpClient(n);
                clients.add(t);
                t.start();
            }
            awaitLoadIn(0);

            // 1. the runc provider's bundle updated in place: a new provider instance re-adopts the containers
            stats.phase = 1;
            Bundle crun = bundle("io.ociplane.oci-crun");
            assertNotNull("oci-crun installed", crun);
            Long before = runtimeServiceOf(crun);
            assertNotNull("oci-crun registered a ContainerRuntime", before);
            crun.update();
            Rpc.await("a new runc provider registered", WAIT, () -> crun.getState() == Bundle.ACTIVE
                    && runtimeServiceOf(crun) != null && !before.equals(runtimeServiceOf(crun)));
            Rpc.await("OCIContainer rebound to the runc provider", WAIT, () -> "container provider: runc".equals(note(rpc)));
            assertEquals("re-adopted with their descriptors", descriptors, listed(rpc));
            for (String id : RUNC_IDS) {
                assertEquals(id + " state", "Running", result(rpc, OCI + ".1.getContainerState",
                        "{\"containerId\":\"" + id + "\"}").path("state").asText());
                assertEquals(id + " is the same process", pids.get(id).intValue(), initPid(rpc, id));
            }
            int hs4 = start(rpc, "hs4", work.resolve("bundles/hs4/Container").toString());
            for (Subscriber s : subs) { // the OCIContainer subscriptions outlived the provider's restart
                s.await("onContainerStarted hs4 after the update", 0, event("c" + s.n + ".onContainerStarted", "name", "hs4"));
            }
            descriptors.put("hs4", hs4);
            targets = List.copyOf(descriptors.keySet());
            awaitLoadIn(1);

            // 2. runc provider uninstalled; the Dobby provider installed, served over a private bus by the
            // Dobby-compatible service, which is backed by the in-memory provider installed with it
            stats.phase = 2;
            PrivateBus.configureDobby(configAdmin, "hotswap");
            crun.uninstall();
            install("oci-memory");
            install("oci-dobby");
            Rpc.await("OCIContainer served by the Dobby provider", WAIT, () -> "container provider: dobby".equals(note(rpc)));
            int viaDobby = start(rpc, "viadobby", "/containers/viadobby");
            for (Subscriber s : subs) { // and the switch to another provider
                s.await("onContainerStarted viadobby", 0, event("c" + s.n + ".onContainerStarted", "name", "viadobby"));
            }
            targets = List.of("viadobby");
            assertEquals(Map.of("viadobby", viaDobby), listed(rpc));
            for (String id : RUNC_IDS) { // containers outlive their provider (gone from the API with it)
                assertTrue(id + " still runs without its provider", Files.exists(Path.of("/proc/" + pids.get(id))));
            }
            awaitLoadIn(2);

            // 3. OCIContainer deactivated and activated through Controller: its subscriptions end (Thunder clears
            // a plugin's observers when it deactivates), Controller's stay
            stats.phase = 3;
            List<Integer> mark3 = marks(subs);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    rpc.call("Controller.1.deactivate", "{\"callsign\":\"" + OCI + "\"}").body());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    rpc.call("Controller.1.activate", "{\"callsign\":\"" + OCI + "\"}").body());
            for (Subscriber s : subs) {
                int off = s.await("statechange Deactivated", mark3.get(s.n), stateChange("ctl" + s.n, OCI, "Deactivated"));
                s.await("statechange Activated", off + 1, stateChange("ctl" + s.n, OCI, "Activated"));
            }
            Rpc.await("OCIContainer back on the Dobby provider", WAIT, () -> "container provider: dobby".equals(note(rpc)));
            for (Subscriber s : subs) {
                registered(s.call(OCI + ".1.register", "{\"event\":\"onContainerStarted\",\"id\":\"r" + s.n + "\"}"));
            }
            start(rpc, "again", "/containers/again");
            for (Subscriber s : subs) {
                s.await("onContainerStarted again, newly registered", mark3.get(s.n),
                        event("r" + s.n + ".onContainerStarted", "name", "again"));
                s.call("Controller.1.status@" + OCI, null); // a round trip: anything sent before it has arrived
                assertEquals("ws-" + s.n + ": events on the subscriptions from before the deactivation", List.of(),
                        s.eventsOf("c" + s.n, mark3.get(s.n)));
            }
            targets = List.of("viadobby", "again");
            awaitLoadIn(3);

            // 4. the Containers plugin's bundle dropped into the deploy directory and removed again
            stats.phase = 4;
            List<Integer> mark4 = marks(subs);
            Path deployed = Path.of(System.getProperty(RuntimeOptions.DEPLOY), "containers-compat.jar");
            // copied outside the deploy directory (same file system), so FileInstall sees only the whole jar
            Path part = Files.createTempFile(work, "containers-compat", ".jar.part");
            Files.copy(Path.of(System.getProperty(RuntimeOptions.BUNDLES), "containers-compat.jar"), part,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, deployed, StandardCopyOption.ATOMIC_MOVE);
            Rpc.await("Containers activated and answering", WAIT, () -> "activated".equals(state(rpc, "Containers"))
                    && containersListed(rpc).containsAll(List.of("again", "viadobby")));
            awaitLoadIn(4); // while Containers is active
            Files.delete(deployed);
            Rpc.await("containers-compat uninstalled", WAIT, () -> bundle("io.ociplane.containers-compat") == null);
            Rpc.await("Containers waits for its bundle again", WAIT, () -> "precondition".equals(state(rpc, "Containers")));
            for (Subscriber s : subs) { // the last event of the run, on the Controller subscriptions from the start
                int on = s.await("statechange Containers Activated", mark4.get(s.n), stateChange("ctl" + s.n, "Containers", "Activated"));
                s.await("statechange Containers Deactivated", on + 1, stateChange("ctl" + s.n, "Containers", "Deactivated"));
            }
            awaitLoadIn(4);

            // every subscriber saw each event once, and nothing else: no stop, no repeat from a provider switch
            for (Subscriber s : subs) {
                s.call("Controller.1.status@" + OCI, null); // a round trip: anything sent before it has arrived
                assertEquals("ws-" + s.n + " Controller events", List.of(OCI + " Deactivated", OCI + " Activated",
                        "Containers Activated", "Containers Deactivated"), s.summary("ctl" + s.n));
                assertEquals("ws-" + s.n + " OCIContainer events, first registration",
                        List.of("onContainerStarted hs4", "onContainerStarted viadobby"), s.summary("c" + s.n));
                assertEquals("ws-" + s.n + " OCIContainer events, registered again",
                        List.of("onContainerStarted again"), s.summary("r" + s.n));
            }
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
            for (Subscriber s : subs) {
                s.join();
                try {
                    s.ws.close();
                } catch (RuntimeException e) {
                    // the socket is gone already
                }
            }
            System.out.println(report());
            for (String id : List.of("viadobby", "again")) { // in the in-memory provider; real ones: @After
                try {
                    rpc.call(OCI + ".1.stopContainer", "{\"containerId\":\"" + id + "\",\"force\":true}");
                } catch (AssertionError e) {
                    // best effort: the framework goes with the class
                }
            }
        }

        assertEquals("requests sent and answered", stats.sent.get(), stats.answered.get());
        assertEquals("unexpected answers (kind: first body): " + stats.unexpected, Map.of(), stats.unexpected);
        assertEquals("5xx answers", 0, stats.fiveXX.get());
        assertEquals("errors from OCIContainer before any switch: " + stats.samples, stats.count(0, 0, null, null),
                stats.count(0, 0, null, Stats.KINDS[0]));
        assertTrue("slowest answer " + stats.slowestOverall.get() + " ms > grace " + GRACE_MS + " ms + 1 s",
                stats.slowestOverall.get() <= GRACE_MS + 1000);
    }

    private String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("HotSwapUnderLoadIT: %d HTTP + %d WebSocket clients, grace %d ms: %d requests sent, %d"
                + " answered, %d without answer, %d 5xx, slowest %d ms%n", HTTP_CLIENTS, WS_CLIENTS, GRACE_MS,
                stats.sent.get(), stats.answered.get(), stats.noAnswer.get(), stats.fiveXX.get(),
                stats.slowestOverall.get()));
        b.append(String.format("  %-38s %8s %8s %10s %11s %6s %13s %14s%n", "phase", "answers", "results", "notActive",
                "noContainer", "other", "slowest OCI", "slowest Cont."));
        for (int p = 0; p < PHASES.length; p++) {
            long results = stats.count(p, null, null, Stats.KINDS[0]);
            long notActive = stats.count(p, null, null, Stats.KINDS[1]);
            long gone = stats.count(p, null, null, Stats.KINDS[2]);
            b.append(String.format("  %-38s %8d %8d %10d %11d %6d %10d ms %11d ms%n", PHASES[p], stats.inPhase(p),
                    results, notActive, gone, stats.inPhase(p) - results - notActive - gone, stats.slowest[p][0].get(),
                    stats.slowest[p][1].get()));
        }
        for (String transport : List.of("HTTP", "WS")) {
            b.append(String.format("  %-4s results %d, not active %d (OCI %d, Containers %d), no container %d%n",
                    transport, stats.count(null, null, transport, Stats.KINDS[0]),
                    stats.count(null, null, transport, Stats.KINDS[1]), stats.count(null, 0, transport, Stats.KINDS[1]),
                    stats.count(null, 1, transport, Stats.KINDS[1]), stats.count(null, null, transport, Stats.KINDS[2])));
        }
        new TreeMap<>(stats.unexpected).forEach((k, v) -> b.append("  UNEXPECTED ").append(k).append(": ").append(v)
                .append('\n'));
        return b.toString();
    }
}
