package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The containment findings of the abuse review (issue 12) replayed at once against the assembled runtime with the
 * runc provider, as an attacker would: a WebSocket client that registers the most events it may and never reads,
 * container churn, 2 000 big annotations, hostile console paths, a symlinked config.json, 10 MB frames and a nat
 * container calling the runtime's port. Meanwhile another HTTP client and a well-behaved subscriber are served as
 * usual, the heap stays bounded and no file outside the test's directories changes.
 */
public class ContainmentAbuseIT extends InRuntime {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WORK = "it.abuse.work";
    private static final String NAT_BRIDGE = "it.abuse.natBridge";
    private static final String OCI = "org.rdk.OCIContainer.1.";
    /** The host's default cap of registrations per WebSocket (docs/wire.md). */
    private static final int MAX_REGISTRATIONS = 1000;
    private static final int CHURN = 10;
    private static final String SECRET_WORD = "TOPSECRET-8152";

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.containersDir("abuse");
        RuntimeOptions.busyboxBundle(work.resolve("churn/Container"), List.of("sleep", "600"));
        RuntimeOptions.busyboxBundle(work.resolve("annotated/Container"), List.of("sleep", "600"));
        String bridge = "oab" + ThreadLocalRandom.current().nextInt(10000, 100000);
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory"),
                Map.of("org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE), work.resolve("runc"),
                Map.of("natBridge", bridge, "natAddressRange", NatNetworks.freeRange()),
                CoreOptions.systemProperty(WORK).value(work.toString()),
                CoreOptions.systemProperty(NAT_BRIDGE).value(bridge));
    }

    @AfterClass
    public static void removeNatBridgeAndCgroups() {
        NatNetworks.remove(System.getProperty(NAT_BRIDGE));
        RuntimeOptions.removeRuncCgroupParent();
    }

    private Rpc rpc;
    private Path work;

    @Before
    public void client() {
        rpc = new Rpc(); // in the framework: the port is a system property set for it
        work = Path.of(System.getProperty(WORK));
    }

    @After
    public void stopEverythingAndRemoveFiles() throws IOException {
        for (String id : containers()) {
            rpc.call(OCI + "stopContainer", "{\"containerId\":\"" + id + "\",\"force\":true}");
        }
        Rpc.await("no containers left", WAIT, () -> containers().isEmpty());
        for (String file : List.of("victim", "victim.log", "secret", "natcall.log")) {
            Files.deleteIfExists(work.resolve(file));
        }
    }

    private List<String> containers() {
        List<String> ids = new ArrayList<>();
        rpc.call(OCI + "listContainers", null).json().path("result").path("containers")
                .forEach(c -> ids.add(c.path("Id").asText()));
        return ids;
    }

    private JsonNode result(String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("result"));
        return r.path("result");
    }

    private JsonNode error(String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("error"));
        assertFalse(r.toString(), r.path("error").path("data").asText().isEmpty());
        return r.path("error");
    }

    @Test
    public void theRuntimeServesOthersWhileAttackedFromEverySide() throws Exception {
        Rpc.await("runc provider bound", WAIT, () -> "container provider: runc".equals(rpc.call(
                "Controller.1.status@org.rdk.OCIContainer", null).json().path("result").path(0).path("note").asText()));
        Path victim = Files.writeString(work.resolve("victim"), "precious\n");
        Path secret = Files.writeString(work.resolve("secret"), SECRET_WORD);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        List<Path> watched = List.of(Path.of("/etc/passwd"), Path.of("/etc/shadow"), victim, secret);
        Map<Path, String> hashesBefore = hashes(watched);
        long heapBefore = AbuseProbes.usedHeapAfterGc();
        boolean nat = NatNetworks.toolsPresent();

        ExecutorService pool = Executors.newFixedThreadPool(6);
        AbuseProbes.Pinger pinger = new AbuseProbes.Pinger("Controller.1.status").start();
        String slowOutcome;
        List<String> events = new ArrayList<>();
        try (WsClient subscriber = new WsClient(rpc.port(), "/jsonrpc");
                RawWebSocket slow = new RawWebSocket(rpc.port(), "/jsonrpc")) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", subscriber.call(1, OCI + "register",
                    "{\"event\":\"onContainerStarted\",\"id\":\"good\"}", null));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":0}", subscriber.call(2, OCI + "register",
                    "{\"event\":\"onContainerStopped\",\"id\":\"good\"}", null));

            List<Future<?>> attacks = new ArrayList<>();
            attacks.add(pool.submit(task(() -> registerToTheCapAndStopReading(slow))));
            attacks.add(pool.submit(task(this::churn)));
            attacks.add(pool.submit(task(this::annotateTwoThousandTimes)));
            attacks.add(pool.submit(task(() -> hostilePaths(victim, secret))));
            attacks.add(pool.submit(task(() -> AbuseProbes.assertHugeFramesAreClosedAtOnce(rpc.port()))));
            if (nat) {
                attacks.add(pool.submit(task(this::natContainerCallsTheRuntime)));
            }
            for (Future<?> attack : attacks) {
                try {
                    attack.get(5, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw e;
                } catch (TimeoutException e) {
                    throw new AssertionError("an attack did not end within 5 minutes", e);
                }
            }

            // The well-behaved subscriber got one started and one stopped event of every churned container ...
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (count(events, n -> n.startsWith("churn-"), "onContainerStarted") < CHURN
                    || count(events, n -> n.startsWith("churn-"), "onContainerStopped") < CHURN) {
                events.add(subscriber.next(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1))));
            }
            // ... and nothing more of them: whatever was sent before this answer is in by then
            subscriber.call(3, OCI + "listContainers", null, events);
            for (int i = 0; i < CHURN; i++) {
                assertEquals(events.toString(), 1, count(events, ("churn-" + i)::equals, "onContainerStarted"));
                assertEquals(events.toString(), 1, count(events, ("churn-" + i)::equals, "onContainerStopped"));
            }
            slowOutcome = slowClientOutcome(slow);
        } finally {
            pool.shutdownNow();
            pinger.close();
        }
        List<Long> latencies = pinger.stop();
        long p50 = AbuseProbes.percentile(latencies, 0.5);
        long p99 = AbuseProbes.percentile(latencies, 0.99);
        long heapAfter = AbuseProbes.usedHeapAfterGc();
        System.out.printf("containment abuse: %d Controller.1.status calls meanwhile, p50 %d ms, p99 %d ms, max %d ms; "
                + "subscriber got %d messages; slow reader %s; heap %d MB before, %d MB after; nat part %s%n",
                latencies.size(), p50, p99, latencies.get(latencies.size() - 1), events.size(), slowOutcome,
                heapBefore >> 20, heapAfter >> 20, nat ? "run" : "skipped");
        assertTrue("p99 of the other client's calls " + p99 + " ms", p99 < 1000);
        assertTrue("heap grew by " + ((heapAfter - heapBefore) >> 20) + " MB", heapAfter - heapBefore < 32L << 20);
        assertEquals(hashesBefore, hashes(watched));
        Assume.assumeTrue("the nat part needs ip, nft and nsenter", nat);
    }

    private interface Attack {
        void run() throws Exception;
    }

    private static Callable<Void> task(Attack attack) {
        return () -> {
            attack.run();
            return null;
        };
    }

    /** How many of the subscriber's messages are {@code event} of a container whose name matches. */
    private static int count(List<String> events, Predicate<String> name, String event) {
        int n = 0;
        for (String m : events) {
            JsonNode json = Json.tree(m);
            if (json.path("method").asText().equals("good." + event) && name.test(json.path("params").path("name").asText())) {
                n++;
            }
        }
        return n;
    }

    /** Finding 3: the most registrations one connection may hold (one more is refused), then it never reads. */
    private static void registerToTheCapAndStopReading(RawWebSocket slow) {
        for (int batch = 0; batch <= MAX_REGISTRATIONS; batch += 100) {
            int end = Math.min(batch + 100, MAX_REGISTRATIONS + 1);
            for (int i = batch; i < end; i++) {
                slow.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"" + OCI + "register\",\"params\":"
                        + "{\"event\":\"onContainer" + (i % 2 == 0 ? "Started" : "Stopped") + "\",\"id\":\"s" + i
                        + "\"}}");
            }
            for (int answered = batch; answered < end;) {
                JsonNode answer = Json.tree(slow.read(WAIT).text());
                if (!answer.has("id")) {
                    continue; // an event of the churn
                }
                if (answer.path("id").asInt() < MAX_REGISTRATIONS) {
                    assertEquals(answer.toString(), 0, answer.path("result").asInt());
                } else {
                    assertEquals(answer.toString(), "ERROR_FAILED_REGISTERED", answer.path("error").path("message").asText());
                }
                answered++;
            }
        }
    }

    /** Closed with 1008 by now, or still open with what it did not read: either way the others did not notice. */
    private static String slowClientOutcome(RawWebSocket slow) {
        int[] framesBefore = { 0 };
        RawWebSocket.Frame close;
        try {
            close = slow.readUntilClose(Duration.ofSeconds(5), framesBefore);
        } catch (AssertionError stillOpen) {
            return "still open (" + framesBefore[0] + " unread frames)";
        }
        assertEquals(close.closeReason(), 1008, close.closeCode());
        assertTrue(close.closeReason(), close.closeReason().startsWith("client too slow"));
        return "closed 1008 after " + framesBefore[0] + " unread frames";
    }

    /** Start and force-stop busybox bundle containers, one after the other. */
    private void churn() {
        Path bundle = work.resolve("churn/Container");
        for (int i = 0; i < CHURN; i++) {
            String id = "churn-" + i;
            JsonNode started = result(OCI + "startContainer", "{\"containerId\":\"" + id + "\",\"bundlePath\":\"" + bundle
                    + "\"}");
            assertTrue(started.toString(), started.path("descriptor").asInt() > 0);
            assertEquals("{\"success\":true}", result(OCI + "stopContainer", "{\"containerId\":\"" + id
                    + "\",\"force\":true}").toString());
            Rpc.await(id + " gone", WAIT, () -> !containers().contains(id));
        }
    }

    /** Finding 4: 2 000 annotations of 4 KB: 64 taken, the rest refused with a reason; the info answers at once. */
    private void annotateTwoThousandTimes() {
        JsonNode started = result(OCI + "startContainer", "{\"containerId\":\"annotated\",\"bundlePath\":\""
                + work.resolve("annotated/Container") + "\"}");
        assertTrue(started.toString(), started.path("descriptor").asInt() > 0);
        String value = "v".repeat(4096);
        int accepted = 0;
        for (int i = 0; i < 2000; i++) {
            JsonNode r = rpc.call(OCI + "annotate", "{\"containerId\":\"annotated\",\"key\":\"key-" + i + "\",\"value\":\""
                    + value + "\"}").json();
            if (r.has("result")) {
                assertEquals("{\"success\":true}", r.path("result").toString());
                accepted++;
            } else {
                assertEquals(r.toString(), "container 'annotated' already has 64 annotations, the most allowed (64); "
                        + "remove one first", r.path("error").path("data").asText());
            }
        }
        assertEquals(64, accepted);
        long t0 = System.nanoTime();
        JsonNode info = result(OCI + "getContainerInfo", "{\"containerId\":\"annotated\"}").path("info");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("getContainerInfo took " + millis + " ms", millis < 1000);
        assertEquals(64, info.path("annotations").size());
    }

    /** Findings 1 and 5: console files that are not ociplane's, a config.json linked to a secret. */
    private void hostilePaths(Path victim, Path secret) throws IOException {
        Path link = Files.createSymbolicLink(work.resolve("victim.log"), victim);
        for (Path console : List.of(victim, link)) {
            for (int limit : new int[] { 0, 65536 }) {
                String spec = "{\"version\":\"1.0\",\"args\":[\"echo\",\"overwritten\"],\"user\":{\"uid\":1000,\"gid\":1000},"
                        + "\"console\":{\"limit\":" + limit + ",\"path\":\"" + console + "\"},\"memLimit\":41943040}";
                JsonNode e = error(OCI + "startContainerFromDobbySpec", "{\"containerId\":\"hostile\",\"dobbySpec\":"
                        + spec + "}");
                assertTrue(e.toString(), e.path("data").asText().contains("exists and is not the console file ociplane "
                        + "created"));
                assertEquals("precious\n", Files.readString(victim));
            }
        }
        Path bundle = RuntimeOptions.busyboxBundle(work.resolve("linked-config"), List.of("sleep", "600"));
        Files.delete(bundle.resolve("config.json"));
        Files.createSymbolicLink(bundle.resolve("config.json"), secret);
        for (String params : List.of("{\"containerId\":\"hostile\",\"bundlePath\":\"" + bundle + "\"}",
                "{\"containerId\":\"hostile\",\"bundlePath\":\"" + bundle + "\",\"command\":\"sh\"}")) {
            Rpc.Response r = rpc.call(OCI + "startContainer", params);
            assertFalse(r.body(), r.body().contains(SECRET_WORD));
            assertTrue(r.body(), r.json().path("error").path("data").asText().contains("is a symbolic link: refused"));
        }
        assertFalse(containers().contains("hostile"));
    }

    /** Finding 2: a nat container calling the runtime's port on 127.0.0.1 reaches only its own loopback. */
    private void natContainerCallsTheRuntime() {
        Path log = work.resolve("natcall.log");
        String spec = "{\"version\":\"1.0\",\"cwd\":\"/\",\"args\":[\"sleep\",\"600\"],\"env\":[],"
                + "\"user\":{\"uid\":1000,\"gid\":1000},\"console\":{\"limit\":65536,\"path\":\"" + log + "\"},"
                + "\"memLimit\":41943040,\"network\":\"nat\",\"mounts\":[]}";
        JsonNode started = result(OCI + "startContainerFromDobbySpec", "{\"containerId\":\"natcall\",\"dobbySpec\":"
                + spec + "}");
        assertTrue(started.toString(), started.path("descriptor").asInt() > 0);
        assertEquals("{\"success\":true}", result(OCI + "executeCommand", "{\"containerId\":\"natcall\",\"command\":"
                + "\"/bin/busybox wget -O - http://127.0.0.1:" + rpc.port() + "/jsonrpc\"}").toString());
        try {
            Rpc.await("the nat container's wget refused", WAIT, () -> read(log).contains("Connection refused"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; its console: " + read(log), e);
        }
        String console = read(log);
        assertTrue(console, console.contains("wget: can't connect to remote host (127.0.0.1): Connection refused"));
        assertFalse(console, console.contains("HTTP/"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<Path, String> hashes(List<Path> files) {
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                hashes.put(f, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return hashes;
    }
}
