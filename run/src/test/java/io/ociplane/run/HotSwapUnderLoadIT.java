package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

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
public class HotSwapUnderLoadIT extends OnDobbyBus {

    private static final int HTTP_CLIENTS = 16;
    private static final int WS_CLIENTS = 4;
    /** Two of the HTTP clients call the Containers plugin, which waits in precondition until phase 4. */
    private static final int CONTAINERS_CLIENTS = 2;
    /** The host's restartGraceMillis: the default, as the runtime is started without a setting. */
    private static final long GRACE_MS = Long.getLong("io.ociplane.jsonrpc.restartGraceMillis", 2000);
    /** Answers each phase must have, and the load must give after its last change, so all runs under load. */
    private static final long MIN_PER_PHASE = 64;
    private static final String WORK = "it.hotswap.work";
    static final String OCI = "org.rdk.OCIContainer";
    private static final String RUNTIME_SERVICE = "io.ociplane.oci.api.ContainerRuntime";
    private static final List<String> RUNC_IDS = List.of("hs1", "hs2", "hs3");
    private static final String[] PHASES = { "0 steady, runc provider", "1 runc bundle updated in place",
            "2 runc uninstalled, Dobby installed", "3 OCIContainer deactivate/activate",
            "4 Containers bundle deployed/removed" };

    @Configuration
    public Option[] config() throws IOException {
        DobbyBus.start();
        Path work = RuntimeOptions.containersDir("hotswap");
        for (String id : List.of("hs1", "hs2", "hs3", "hs4")) {
            RuntimeOptions.busyboxBundle(work.resolve("bundles").resolve(id).resolve("Container"), List.of("sleep", "600"));
        }
        String containers = RuntimeOptions.containersPlugin("Containers", work.resolve("bundles"));
        // the Dobby provider, its backing and the Containers bundle arrive at run time
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory", "oci-dobby", "oci-dobby-server", "containers-compat"),
                Map.of(OCI, OciContainerIT.PLUGIN_FILE, "Containers", containers), work.resolve("runc"),
                CoreOptions.systemProperty(WORK).value(work.toString()), DobbyBus.frameworkProperties());
    }

    /** Kills and deletes what still runs under the provider's runc root, whichever phase failed, and its cgroups. */
    @After
    public void removeRealContainers() {
        RuntimeOptions.removeRuncContainers(Path.of(System.getProperty(WORK), "runc", "state", "runc"));
    }

    // ---- the load ----

    /** What every client records, per phase. */
    private final LoadStats stats = new LoadStats(PHASES);
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The containers the load asks about; replaced as containers come and go with their providers. */
    private volatile List<String> targets = RUNC_IDS;

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

    private List<Integer> marks(List<LoadSubscriber> subs) {
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

        List<LoadSubscriber> subs = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        try {
            for (int n = 0; n < WS_CLIENTS; n++) {
                LoadSubscriber s = new LoadSubscriber(n, rpc.port(), stats, stop);
                subs.add(s);
                s.registerForTheLoadEvents().forEach(HotSwapUnderLoadIT::registered);
            }
            subs.forEach(LoadSubscriber::start);
            for (int n = 0; n < HTTP_CLIENTS; n++) {
                int group = n >= HTTP_CLIENTS - CONTAINERS_CLIENTS ? 1 : 0;
                Thread t = new LoadHttpClient(n, group, stats, stop, () -> targets).thread();
                clients.add(t);
                t.start();
            }
            awaitLoadIn(0);

            // 1. the runc provider's bundle updated in place: a new provider instance re-adopts the containers
            stats.phase = 1;
            Bundle runcBundle = bundle("io.ociplane.oci-runc");
            assertNotNull("oci-runc installed", runcBundle);
            Long before = runtimeServiceOf(runcBundle);
            assertNotNull("oci-runc registered a ContainerRuntime", before);
            runcBundle.update();
            Rpc.await("a new runc provider registered", WAIT, () -> runcBundle.getState() == Bundle.ACTIVE
                    && runtimeServiceOf(runcBundle) != null && !before.equals(runtimeServiceOf(runcBundle)));
            Rpc.await("OCIContainer rebound to the runc provider", WAIT, () -> "container provider: runc".equals(note(rpc)));
            assertEquals("re-adopted with their descriptors", descriptors, listed(rpc));
            for (String id : RUNC_IDS) {
                assertEquals(id + " state", "Running", result(rpc, OCI + ".1.getContainerState",
                        "{\"containerId\":\"" + id + "\"}").path("state").asText());
                assertEquals(id + " is the same process", pids.get(id).intValue(), initPid(rpc, id));
            }
            int hs4 = start(rpc, "hs4", work.resolve("bundles/hs4/Container").toString());
            for (LoadSubscriber s : subs) { // the OCIContainer subscriptions outlived the provider's restart
                s.await("onContainerStarted hs4 after the update", 0, event("c" + s.n + ".onContainerStarted", "name", "hs4"));
            }
            descriptors.put("hs4", hs4);
            targets = List.copyOf(descriptors.keySet());
            awaitLoadIn(1);

            // 2. runc provider uninstalled; the Dobby provider installed, served over a private bus by the
            // Dobby-compatible service, which is backed by the in-memory provider installed with it
            stats.phase = 2;
            DobbyBus.configureDobby(configAdmin, "hotswap");
            runcBundle.uninstall();
            install("oci-memory");
            install("oci-dobby-server");
            install("oci-dobby");
            Rpc.await("OCIContainer served by the Dobby provider", WAIT, () -> "container provider: dobby".equals(note(rpc)));
            int viaDobby = start(rpc, "viadobby", "/containers/viadobby");
            for (LoadSubscriber s : subs) { // and the switch to another provider
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
            for (LoadSubscriber s : subs) {
                int off = s.await("statechange Deactivated", mark3.get(s.n), stateChange("ctl" + s.n, OCI, "Deactivated"));
                s.await("statechange Activated", off + 1, stateChange("ctl" + s.n, OCI, "Activated"));
            }
            Rpc.await("OCIContainer back on the Dobby provider", WAIT, () -> "container provider: dobby".equals(note(rpc)));
            for (LoadSubscriber s : subs) {
                registered(s.call(OCI + ".1.register", "{\"event\":\"onContainerStarted\",\"id\":\"r" + s.n + "\"}"));
            }
            start(rpc, "again", "/containers/again");
            for (LoadSubscriber s : subs) {
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
            Rpc.await("containers-compat uninstalled", WAIT, () -> installed("io.ociplane.containers-compat").isEmpty());
            Rpc.await("Containers waits for its bundle again", WAIT, () -> "precondition".equals(state(rpc, "Containers")));
            for (LoadSubscriber s : subs) { // the last event of the run, on the Controller subscriptions from the start
                int on = s.await("statechange Containers Activated", mark4.get(s.n), stateChange("ctl" + s.n, "Containers", "Activated"));
                s.await("statechange Containers Deactivated", on + 1, stateChange("ctl" + s.n, "Containers", "Deactivated"));
            }
            awaitLoadIn(4);

            // every subscriber saw each event once, and nothing else: no stop, no repeat from a provider switch
            for (LoadSubscriber s : subs) {
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
            LoadSubscriber.endAll(clients, subs);
            String setup = String.format("HotSwapUnderLoadIT: %d HTTP + %d WebSocket clients, grace %d ms",
                    HTTP_CLIENTS, WS_CLIENTS, GRACE_MS);
            System.out.println(stats.report(setup));
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
                stats.count(0, 0, null, LoadStats.KINDS[0]));
        assertTrue("slowest answer " + stats.slowestOverall.get() + " ms > grace " + GRACE_MS + " ms + 1 s",
                stats.slowestOverall.get() <= GRACE_MS + 1000);
    }
}
