package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The host itself swapped under load (issue 13 §3): the load of {@link HotSwapUnderLoadIT} (sixteen HTTP clients,
 * four WebSocket subscribers, on OCIContainer over real runc containers and on Containers) runs while, one kind
 * after the other and each several times in a row, (1) the jsonrpc-http bundle is updated from its own jar, (2) the
 * host's configuration (PID {@code io.ociplane.jsonrpc}) changes its profile R4 → R5 → R4 → R5 → R4, (3) the Felix
 * HTTP Jetty bundle is stopped and started. The clients behave as Thunder clients do: a call that finds no endpoint
 * (connection refused or cut, a 404 because nothing is mapped on {@code /jsonrpc}) is tried again, and a
 * subscriber whose socket is closed connects again and registers again ({@link Unreached}), bounding its opening
 * handshake at {@link Unreached#HANDSHAKE_WITHIN} (docs/host-restart.md). Asserted: every request
 * answered, within the restart grace + 1 s of its first attempt, none with a 5xx or an error no switch explains;
 * a reconfiguration is never seen by the clients as a missing endpoint (the endpoint stays and waits for the new
 * host); after every swap each subscriber is connected again and gets the events of a container started and stopped;
 * after all swaps the host runs one set of threads and no earlier host or servlet instance stays in memory.
 */
public class HostSwapUnderLoadIT extends InRuntime {

    private static final int HTTP_CLIENTS = 16;
    private static final int WS_CLIENTS = 4;
    /** Two of the HTTP clients call the Containers plugin (group 1). */
    private static final int CONTAINERS_CLIENTS = 2;
    private static final long GRACE_MS = Long.getLong("io.ociplane.jsonrpc.restartGraceMillis", 2000);
    /** A Thunder client's patience: it tries again while the endpoint is not there, up to this after its call. */
    private static final Duration RETRY_WITHIN = Duration.ofMillis(GRACE_MS + 1000);
    private static final long MIN_PER_PHASE = 64;
    private static final int UPDATES = 3;
    private static final List<String> PROFILES = List.of("R5", "R4", "R5", "R4");
    private static final int HTTP_RESTARTS = 3;
    private static final String WORK = "it.hostswap.work";
    private static final String OCI = HotSwapUnderLoadIT.OCI;
    private static final String HOST_BUNDLE = "io.ociplane.jsonrpc-http";
    private static final String HTTP_BUNDLE = "org.apache.felix.http.jetty12";
    private static final String HOST_PID = "io.ociplane.jsonrpc";
    private static final List<String> TARGETS = List.of("hs1", "hs2");
    /** The container started and stopped after every swap, for the events. */
    private static final String EVENTS = "ev";
    private static final String[] PHASES = { "0 steady", "1 host bundle updated x" + UPDATES,
            "2 host profile changed x" + PROFILES.size(), "3 Felix HTTP restarted x" + HTTP_RESTARTS };

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.containersDir("hostswap");
        for (String id : List.of("hs1", "hs2", EVENTS)) {
            RuntimeOptions.busyboxBundle(work.resolve("bundles").resolve(id).resolve("Container"), List.of("sleep", "600"));
        }
        String containers = RuntimeOptions.containersPlugin("Containers", work.resolve("bundles"));
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory", "oci-dobby", "oci-dobby-server"),
                Map.of(OCI, OciContainerIT.PLUGIN_FILE, "Containers", containers), work.resolve("runc"),
                CoreOptions.systemProperty(WORK).value(work.toString()));
    }

    /** The host's configuration goes, whichever step failed: the profile the framework properties set is back. */
    @After
    public void deleteHostConfiguration() throws Exception {
        org.osgi.service.cm.Configuration[] found = configAdmin.listConfigurations("(service.pid=" + HOST_PID + ")");
        if (found != null) {
            for (org.osgi.service.cm.Configuration c : found) {
                c.delete();
            }
        }
    }

    @After
    public void removeRealContainers() {
        RuntimeOptions.removeRuncContainers(Path.of(System.getProperty(WORK), "runc", "state", "runc"));
    }

    private final LoadStats stats = new LoadStats(true, PHASES);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<LoadSubscriber> subs = new ArrayList<>();
    /** Every host and endpoint instance seen, to find out whether the ones swapped out stay in memory. */
    private final List<WeakReference<Object>> instances = new ArrayList<>();
    private int swaps;

    @Test
    public void theHostIsSwappedUnderLoad() throws Exception {
        Rpc rpc = new Rpc();
        Path work = Path.of(System.getProperty(WORK));
        Rpc.await("runc provider serves OCIContainer", WAIT, () -> "container provider: runc".equals(note(rpc)));
        for (String id : TARGETS) {
            start(rpc, id, work);
        }
        Rpc.await("Containers answers", WAIT, () -> "activated".equals(state(rpc)));
        Bundle host = bundle(HOST_BUNDLE);
        Bundle http = bundle(HTTP_BUNDLE);

        List<Thread> clients = new ArrayList<>();
        Map<String, Integer> threadsBefore;
        Map<String, Integer> threadsAfter;
        try {
            for (int n = 0; n < WS_CLIENTS; n++) {
                LoadSubscriber s = new LoadSubscriber(n, rpc.port(), stats, stop).reconnecting(RETRY_WITHIN);
                subs.add(s);
                s.registerForTheLoadEvents().forEach(HostSwapUnderLoadIT::registered);
            }
            subs.forEach(LoadSubscriber::start);
            for (int n = 0; n < HTTP_CLIENTS; n++) {
                int group = n >= HTTP_CLIENTS - CONTAINERS_CLIENTS ? 1 : 0;
                Thread t = new LoadHttpClient(n, group, stats, stop, () -> TARGETS).retrying(RETRY_WITHIN).thread();
                clients.add(t);
                t.start();
            }
            awaitLoadIn(0);
            eventsArrive(rpc, work, "before any swap");
            remember();
            threadsBefore = runtimeThreads();

            // 1. the host bundle updated in place from its own jar, several times in a row
            stats.phase = 1;
            Path jar = Path.of(System.getProperty(RuntimeOptions.BUNDLES), "jsonrpc-http.jar");
            for (int k = 1; k <= UPDATES; k++) {
                try (InputStream in = Files.newInputStream(jar)) {
                    host.update(in);
                }
                swapped(rpc, work, "host update " + k, "R4");
            }
            awaitLoadIn(1);

            // 2. the host reconfigured through ConfigAdmin: the wire profile changes, and back
            stats.phase = 2;
            org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration(HOST_PID, "?");
            for (String profile : PROFILES) {
                cfg.update(new Hashtable<>(Map.of("profile", profile)));
                swapped(rpc, work, "profile " + profile, profile);
            }
            awaitLoadIn(2);

            // 3. Felix HTTP (Jetty) stopped and started: every connection goes, the endpoint is mapped anew
            stats.phase = 3;
            for (int k = 1; k <= HTTP_RESTARTS; k++) {
                http.stop();
                http.start();
                swapped(rpc, work, "HTTP restart " + k, "R4");
            }
            awaitLoadIn(3);
            threadsAfter = awaitNoMoreThreadsThan(threadsBefore);
        } finally {
            stop.set(true);
            LoadSubscriber.endAll(clients, subs);
            System.out.println(stats.report(String.format("HostSwapUnderLoadIT: %d HTTP + %d WebSocket clients, "
                    + "grace %d ms, %d swaps", HTTP_CLIENTS, WS_CLIENTS, GRACE_MS, swaps)));
        }
        StringBuilder threads = new StringBuilder();
        for (Map.Entry<String, Predicate<String>> kind : SWAPPED_THREADS.entrySet()) {
            threads.append(String.format(", %s %d/%d", kind.getKey(), count(threadsBefore, kind.getValue()),
                    count(threadsAfter, kind.getValue())));
        }
        System.out.printf("HostSwapUnderLoadIT: threads before/after the swaps: all %d/%d%s%n",
                count(threadsBefore, n -> true), count(threadsAfter, n -> true), threads);

        assertEquals("requests sent and answered", stats.sent.get(), stats.answered.get());
        assertEquals("unexpected answers (kind: first body): " + stats.unexpected, Map.of(), stats.unexpected);
        assertEquals("5xx answers", 0, stats.fiveXX.get());
        assertEquals("answers before any swap: " + stats.samples, stats.count(0, null, null, null),
                stats.count(0, null, null, LoadStats.KINDS[0]));
        assertEquals("calls tried again before any swap", 0, stats.retriesIn(0, null, null));
        // a reconfiguration replaces the host, not the endpoint: HTTP calls wait for the next host; WebSocket
        // clients connect again because the host closed their sockets (1012), never because nothing was there
        assertEquals("HTTP calls tried again while the configuration changed: " + stats.retries, 0,
                stats.retriesIn(2, "HTTP", null));
        assertEquals("WebSocket connections tried again while the configuration changed: " + stats.retries,
                stats.retriesIn(2, "WS", null), stats.retriesIn(2, "WS", "socket closed"));
        assertEquals("503s outside the host bundle's updates: " + stats.retries, stats.retriesIn(null, null, "503"),
                stats.retriesIn(1, null, "503"));
        assertTrue("R5 answers under the load while the profile was R5", stats.answersIn(2, "R5") > 0);
        assertEquals("R5 answers before the profile changed", 0, stats.answersIn(0, "R5") + stats.answersIn(1, "R5"));
        assertTrue("slowest answer " + stats.slowestOverall.get() + " ms > grace " + GRACE_MS + " ms + 1 s",
                stats.slowestOverall.get() <= GRACE_MS + 1000);
        List<String> expected = new ArrayList<>();
        for (int k = 0; k <= swaps; k++) {
            expected.addAll(List.of("onContainerStarted " + EVENTS, "onContainerStopped " + EVENTS));
        }
        for (LoadSubscriber s : subs) {
            assertEquals("ws-" + s.n + " connections", 1 + swaps, s.connections.get());
            assertEquals("ws-" + s.n + " OCIContainer events, once per swap and once before", expected,
                    s.summary("c" + s.n));
        }
        Rpc.await("the swapped-out hosts and endpoints collected", WAIT, () -> {
            System.gc();
            return instances.stream().filter(r -> r.get() != null).count() <= 2; // the current host and endpoint
        });
    }

    // ---- after each swap ----

    /**
     * Waits until the host serves again in the expected profile and every subscriber is connected and registered
     * again, then checks that the events of a container reach each of them.
     */
    private void swapped(Rpc rpc, Path work, String what, String profile) {
        swaps++;
        Rpc.await("the host serves in " + profile + " after " + what, WAIT, () -> profile.equals(profileServing(rpc)));
        for (LoadSubscriber s : subs) {
            Rpc.await("ws-" + s.n + " connected again after " + what, WAIT, () -> s.connections.get() == 1 + swaps);
        }
        eventsArrive(rpc, work, "after " + what);
        remember();
    }

    /** The container for the events started and stopped: each subscriber gets both events. */
    private void eventsArrive(Rpc rpc, Path work, String when) {
        List<Integer> marks = new ArrayList<>();
        subs.forEach(s -> marks.add(s.events.size()));
        start(rpc, EVENTS, work);
        JsonNode stopped = rpc.call(OCI + ".1.stopContainer", "{\"containerId\":\"" + EVENTS + "\",\"force\":true}")
                .json();
        assertTrue(when + ": " + stopped, stopped.path("result").path("success").asBoolean());
        for (LoadSubscriber s : subs) {
            int at = s.await("onContainerStarted " + when, marks.get(s.n), event("c" + s.n + ".onContainerStarted"));
            s.await("onContainerStopped " + when, at + 1, event("c" + s.n + ".onContainerStopped"));
        }
    }

    private static Predicate<JsonNode> event(String method) {
        return e -> e.path("method").asText().equals(method) && e.path("params").path("name").asText().equals(EVENTS);
    }

    /** Keeps weak references to the host and endpoint instances now serving. */
    private void remember() {
        for (String[] service : new String[][] { { "io.ociplane.jsonrpc.internal.http.JsonRpcHost", null },
                { "jakarta.servlet.Servlet", "(component.name=io.ociplane.jsonrpc.internal.http.JsonRpcServlet)" } }) {
            try {
                ServiceReference<?>[] refs = context.getServiceReferences(service[0], service[1]);
                assertNotNull(service[0] + " registered", refs);
                Object instance = context.getService(refs[0]);
                context.ungetService(refs[0]);
                if (instances.stream().noneMatch(r -> r.get() == instance)) {
                    instances.add(new WeakReference<>(instance));
                }
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ---- threads ----

    /**
     * The runtime's threads by name (numbers taken out), without the test's own clients: the load, the JDK HTTP
     * clients' selectors and the JDK's and JUnit's own.
     */
    private static Map<String, Integer> runtimeThreads() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().replaceAll("\\d+", "#");
            if (t.isAlive() && !name.startsWith("hotswap-") && !name.startsWith("HttpClient-")) {
                byName.merge(name, 1, Integer::sum);
            }
        }
        return byName;
    }

    /** The threads of the host and of the HTTP server, by kind (names with their numbers taken out). */
    private static final Map<String, Predicate<String>> SWAPPED_THREADS = new TreeMap<>(Map.of(
            "host workers", n -> n.equals("jsonrpc-worker"), "host timer", n -> n.equals("jsonrpc-timer"),
            "plugin file watcher", n -> n.startsWith("plugin-files "),
            "Jetty acceptor", n -> n.startsWith("qtp") && n.contains("-acceptor-")));

    /**
     * Waits until there are no more threads of each kind the swaps replace than before them: the swapped-out hosts'
     * workers, timers and plugin file watchers and the stopped HTTP servers' acceptors have ended. (The JVM runs
     * every test class, so threads another class's framework left behind are in both counts.) Returns all threads.
     */
    private Map<String, Integer> awaitNoMoreThreadsThan(Map<String, Integer> before) {
        AtomicReference<Map<String, Integer>> now = new AtomicReference<>();
        Rpc.await("no more host and HTTP server threads than before the swaps", WAIT, () -> {
            Map<String, Integer> threads = runtimeThreads();
            now.set(threads);
            return SWAPPED_THREADS.values().stream().allMatch(kind -> count(threads, kind) <= count(before, kind));
        });
        return now.get();
    }

    private static int count(Map<String, Integer> threads, Predicate<String> names) {
        return threads.entrySet().stream().filter(e -> names.test(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    // ---- the runtime, seen from the test ----

    /** The profile of the host that answers now (R5 names an unknown callsign -31043), or null while none does. */
    private static String profileServing(Rpc rpc) {
        try {
            Rpc.Response r = rpc.call("Nobody.1.x", null);
            int code = r.status() == 404 ? 0 : r.json().path("error").path("code").asInt();
            return code == -31043 ? "R5" : code == -32603 ? "R4" : null;
        } catch (AssertionError e) {
            return null; // not there yet
        }
    }

    /** A register answer: a result (0 in R4, null in R5). */
    private static void registered(String answer) {
        assertTrue(answer, Json.tree(answer).has("result"));
    }

    private static String note(Rpc rpc) {
        return rpc.status(OCI).path("note").asText(); // R4 and R5 shapes alike
    }

    private static String state(Rpc rpc) {
        return rpc.status("Containers").path("state").asText();
    }

    private static void start(Rpc rpc, String id, Path work) {
        JsonNode r = rpc.call(OCI + ".1.startContainer", "{\"containerId\":\"" + id + "\",\"bundlePath\":\""
                + work.resolve("bundles").resolve(id).resolve("Container") + "\"}").json();
        assertTrue(id + ": " + r, r.path("result").path("descriptor").asInt() > 0);
    }

    /** Lets the load run on after a phase's last change, until that phase has answers enough, and new ones. */
    private void awaitLoadIn(int phase) {
        long base = stats.answered.get();
        Rpc.await(MIN_PER_PHASE + " more answers in phase " + PHASES[phase], WAIT,
                () -> stats.inPhase(phase) >= MIN_PER_PHASE && stats.answered.get() >= base + MIN_PER_PHASE);
    }
}
