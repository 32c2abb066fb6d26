package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.After;
import org.junit.Assume;
import org.junit.AfterClass;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Real containers through the assembled runtime with the runc provider: the Containers plugin (two instances
 * with their own containerPaths) and org.rdk.OCIContainer on busybox bundles and Dobby specs, one in the nat network
 * mode on a bridge and address range of this run's own.
 */
public class RuncContainersIT extends InRuntime {

    private static final String WORK = "it.runc.work";
    /** This run's nat bridge and /24 (e.g. 100.64.123.0), as system properties for the tests in the framework. */
    private static final String NAT_BRIDGE = "it.runc.natBridge";
    private static final String NAT_RANGE = "it.runc.natRange";

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.containersDir("runc");
        Path a = work.resolve("a");
        Path b = work.resolve("b");
        RuntimeOptions.busyboxBundle(a.resolve("busy/Container"), List.of("sh", "-c", "while :; do :; done"));
        RuntimeOptions.busyboxBundle(b.resolve("other/Container"), List.of("sleep", "600"));
        Files.createDirectories(a.resolve("specbusy"));
        Files.writeString(a.resolve("specbusy/spec.json"), "{\"version\":\"1.0\",\"cwd\":\"/\",\"args\":[\"sleep\",\"600\"],"
                + "\"env\":[],\"user\":{\"uid\":1000,\"gid\":1000},\"memLimit\":41943040,\"network\":\"private\",\"mounts\":[]}");
        Files.createDirectories(a.resolve("natbox"));
        Files.writeString(a.resolve("natbox/spec.json"), "{\"version\":\"1.0\",\"cwd\":\"/\",\"args\":[\"sleep\",\"600\"],"
                + "\"env\":[],\"user\":{\"uid\":1000,\"gid\":1000},\"memLimit\":41943040,\"network\":\"nat\",\"mounts\":[],"
                + "\"console\":{\"limit\":65536,\"path\":\"" + work.resolve("natbox.log") + "\"}}");
        String bridge = "oit" + ThreadLocalRandom.current().nextInt(10000, 100000);
        String range = NatNetworks.freeRange();
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory"), Map.of(
                "org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE,
                "Containers", RuntimeOptions.containersPlugin("Containers", a),
                "Containers2", RuntimeOptions.containersPlugin("Containers2", b)), work.resolve("runc"),
                Map.of("natBridge", bridge, "natAddressRange", range),
                CoreOptions.systemProperty(WORK).value(work.toString()),
                CoreOptions.systemProperty(NAT_BRIDGE).value(bridge), CoreOptions.systemProperty(NAT_RANGE).value(range));
    }

    /** The nat bridge and table and the cgroup parent go when the provider stops without containers; to be sure. */
    @AfterClass
    public static void removeNatBridgeAndCgroups() {
        NatNetworks.remove(System.getProperty(NAT_BRIDGE));
        RuntimeOptions.removeRuncCgroupParent();
    }

    private Rpc rpc;

    @org.junit.Before
    public void client() {
        rpc = new Rpc(); // in the framework: the port is a system property set for it
    }

    private JsonNode result(String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("result"));
        return r.path("result");
    }

    private List<String> containers(String callsign) {
        List<String> names = new java.util.ArrayList<>();
        result(callsign + ".1.containers", null).forEach(n -> names.add(n.asText()));
        return names;
    }

    private void awaitRunc() {
        Rpc.await("runc provider bound", WAIT, () -> "container provider: runc".equals(rpc.call(
                "Controller.1.status@Containers", null).json().path("result").path(0).path("note").asText()));
    }

    @After
    public void stopEverything() {
        for (String name : containers("Containers")) {
            rpc.call("org.rdk.OCIContainer.1.stopContainer", "{\"containerId\":\"" + name + "\",\"force\":true}");
        }
        Rpc.await("no containers left", WAIT, () -> containers("Containers").isEmpty());
    }

    @Test
    public void containersPluginWithRealContainers() {
        awaitRunc();
        assertEquals(List.of(), containers("Containers"));
        assertTrue(rpc.call("Containers.1.start", "{\"name\":\"busy\"}").body().endsWith("\"result\":null}"));
        assertEquals(List.of("busy"), containers("Containers"));
        assertEquals(List.of("busy"), containers("Containers2")); // every container of the provider

        JsonNode memory = result("Containers.1.memory@busy", null);
        assertTrue(memory.toString(), memory.path("allocated").asLong() > 0 && memory.path("resident").asLong() >= 0);
        long cpu = result("Containers.1.cpu@busy", null).path("total").asLong();
        assertTrue(result("Containers.1.cpu@busy", null).path("cores").size() > 0);
        Rpc.await("cpu time grows while busy", WAIT, () -> result("Containers.1.cpu@busy", null).path("total").asLong() > cpu);
        JsonNode networks = result("Containers.1.networks@busy", null);
        assertTrue(networks.toString(), networks.toString().contains("{\"interface\":\"lo\""));

        assertTrue(rpc.call("Containers.1.stop", "{\"name\":\"busy\"}").body().endsWith("\"result\":null}"));
        Rpc.await("busy stopped", WAIT, () -> containers("Containers").isEmpty());
        JsonRpcWireIT.assertError(rpc.call("Containers.1.memory@busy", null), 2, "{}");

        String specStart = rpc.call("Containers.1.start", "{\"name\":\"specbusy\"}").body();
        assertTrue(specStart, specStart.endsWith("\"result\":null}"));
        JsonNode specNet = result("Containers.1.networks@specbusy", null);
        assertEquals("[{\"interface\":\"lo\",\"ips\":[\"127.0.0.1\",\"::1\"]}]", specNet.toString().replaceAll(",\"ips\":\\[\\]", ""));
        JsonRpcWireIT.assertError(rpc.call("Containers2.1.start", "{\"name\":\"busy\"}"), 2, "ERROR_UNAVAILABLE");
        assertTrue(rpc.call("Containers2.1.start", "{\"name\":\"other\"}").body().endsWith("\"result\":null}"));
        assertEquals(List.of("other", "specbusy"), containers("Containers"));
    }

    @Test
    public void aContainerOfAnotherUserOnTheHostNetworkCannotCallTheApi() throws IOException {
        awaitRunc();
        Path log = Path.of(System.getProperty(WORK), "escape.log");
        String call = "{\\\"jsonrpc\\\":\\\"2.0\\\",\\\"id\\\":1,\\\"method\\\":\\\"org.rdk.OCIContainer.1.listContainers\\\"}";
        String spec = "{\"version\":\"1.0\",\"cwd\":\"/\",\"args\":[\"/bin/busybox\",\"wget\",\"-O\",\"-\",\"--post-data\",\""
                + call + "\",\"http://127.0.0.1:" + rpc.port() + "/jsonrpc\"],\"env\":[],\"user\":{\"uid\":1000,\"gid\":1000},"
                + "\"console\":{\"limit\":65536,\"path\":\"" + log + "\"},\"memLimit\":41943040,\"network\":\"open\","
                + "\"mounts\":[]}";
        JsonNode started = result("org.rdk.OCIContainer.1.startContainerFromDobbySpec",
                "{\"containerId\":\"escape\",\"dobbySpec\":" + spec + "}");
        assertTrue(started.toString(), started.path("descriptor").asInt() > 0);
        Rpc.await("the container's call answered", WAIT, () -> {
            try {
                return Files.exists(log) && Files.readString(log).contains("HTTP/1.1");
            } catch (IOException e) {
                return false;
            }
        });
        String answer = Files.readString(log);
        assertTrue("the container reached the API: " + answer, answer.contains("401"));
        assertFalse(answer, answer.contains("\"result\""));
    }

    @Test
    public void aNatContainerReachesTheBridgeButNotTheHostsLoopback() throws IOException {
        Assume.assumeTrue("nat needs ip, nft and nsenter", NatNetworks.toolsPresent());
        awaitRunc();
        String prefix = System.getProperty(NAT_RANGE).replaceFirst("0$", "");
        String gateway = prefix + "1";
        String address = prefix + "2";
        assertTrue(rpc.call("Containers.1.start", "{\"name\":\"natbox\"}").body().endsWith("\"result\":null}"));
        JsonNode networks = result("Containers.1.networks@natbox", null);
        assertEquals(networks.toString(), 2, networks.size());
        assertEquals("{\"interface\":\"lo\",\"ips\":[\"127.0.0.1\",\"::1\"]}", networks.path(0).toString());
        assertEquals("eth0", networks.path(1).path("interface").asText());
        assertEquals(networks.toString(), address, networks.path(1).path("ips").path(0).asText());

        Path console = Path.of(System.getProperty(WORK), "natbox.log");
        try (ServerSocket onBridge = new ServerSocket(0, 5, InetAddress.getByName(gateway));
                ServerSocketChannel onLoopback = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            onLoopback.configureBlocking(false);
            exec("natbox", "/bin/busybox wget -O - http://127.0.0.1:" + rpc.port() + "/jsonrpc");
            Rpc.await("the runtime's port refused", WAIT, () -> read(console).contains("(127.0.0.1): Connection refused"));
            exec("natbox", "/bin/busybox nc -w 2 127.0.0.1 " + ((InetSocketAddress) onLoopback.getLocalAddress()).getPort());
            Rpc.await("the loopback port refused", WAIT, () -> read(console).split("Connection refused", -1).length == 3);
            assertNull("a nat container reached the host's loopback", onLoopback.accept());

            onBridge.setSoTimeout((int) WAIT.toMillis());
            exec("natbox", "/bin/busybox nc -w 2 " + gateway + " " + onBridge.getLocalPort());
            try (Socket s = onBridge.accept()) {
                assertEquals(address, s.getInetAddress().getHostAddress());
            }
        }
        assertTrue(rpc.call("Containers.1.stop", "{\"name\":\"natbox\"}").body().endsWith("\"result\":null}"));
        Rpc.await("natbox stopped", WAIT, () -> !containers("Containers").contains("natbox"));
        assertFalse("its veth pair goes with it", NatNetworks.links().stream().anyMatch(l -> l.matches("v[oc][0-9a-f]{8}")
                && NatNetworks.inRange(l, System.getProperty(NAT_RANGE))));
    }

    private void exec(String id, String command) {
        assertEquals("{\"success\":true}", result("org.rdk.OCIContainer.1.executeCommand", "{\"containerId\":\"" + id
                + "\",\"command\":\"" + command + "\"}").toString());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    public void ociContainerWithARealBundle() throws IOException {
        awaitRunc();
        Path bundle = Path.of(System.getProperty(WORK), "a/busy/Container");
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            ws.call(1, "org.rdk.OCIContainer.1.register", "{\"event\":\"onContainerStopped\",\"id\":\"c\"}", null);
            JsonNode started = result("org.rdk.OCIContainer.1.startContainer",
                    "{\"containerId\":\"real\",\"bundlePath\":\"" + bundle + "\",\"command\":\"sleep 600\"}");
            int descriptor = started.path("descriptor").asInt();
            assertTrue(started.toString(), descriptor > 0);
            JsonNode info = result("org.rdk.OCIContainer.1.getContainerInfo", "{\"containerId\":\"real\"}").path("info");
            assertEquals("real", info.path("id").asText());
            assertTrue(info.toString(), info.path("memory").path("user").path("usage").asLong() > 0);
            int pid = info.path("pids").path(0).asInt();
            assertEquals("{\"success\":true}", result("org.rdk.OCIContainer.1.executeCommand",
                    "{\"containerId\":\"real\",\"command\":\"touch /dev/shm/marker\"}").toString());
            Rpc.await("file written by exec", WAIT, () -> Files.exists(Path.of("/proc/" + pid + "/root/dev/shm/marker")));
            assertEquals("{\"success\":true}", result("org.rdk.OCIContainer.1.pauseContainer", "{\"containerId\":\"real\"}").toString());
            assertEquals("Paused", result("org.rdk.OCIContainer.1.getContainerState", "{\"containerId\":\"real\"}").path("state").asText());
            assertEquals("{\"success\":true}", result("org.rdk.OCIContainer.1.resumeContainer", "{\"containerId\":\"real\"}").toString());
            assertEquals("{\"success\":true}", result("org.rdk.OCIContainer.1.stopContainer", "{\"containerId\":\"real\"}").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\"" + descriptor
                    + "\",\"name\":\"real\"}}", ws.await(m -> m.contains("onContainerStopped"), WAIT));
        } catch (UncheckedIOException e) {
            throw e;
        }
    }

    private JsonNode error(String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("error"));
        assertEquals(r.toString(), "ERROR_GENERAL", r.path("error").path("message").asText());
        return r.path("error");
    }

    @Test
    public void hostileConsoleAndBundlePathsAreRefusedWithTheirReason() throws IOException {
        awaitRunc();
        Path work = Path.of(System.getProperty(WORK));
        Path victim = Files.writeString(work.resolve("victim"), "precious\n");
        Path link = Files.createSymbolicLink(work.resolve("victim.log"), victim);
        for (Path console : List.of(victim, link)) {
            String spec = "{\"version\":\"1.0\",\"args\":[\"echo\",\"overwritten\"],\"user\":{\"uid\":1000,\"gid\":1000},"
                    + "\"console\":{\"limit\":0,\"path\":\"" + console + "\"},\"memLimit\":41943040}";
            JsonNode e = error("org.rdk.OCIContainer.1.startContainerFromDobbySpec",
                    "{\"containerId\":\"hostile\",\"dobbySpec\":" + spec + "}");
            assertTrue(e.toString(), e.path("data").asText().contains("exists and is not the console file ociplane created"));
            assertEquals("precious\n", Files.readString(victim));
        }

        Path secret = Files.writeString(work.resolve("secret"), "TOPSECRET-4711");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path bundle = RuntimeOptions.busyboxBundle(work.resolve("linked-config"), List.of("sleep", "600"));
        Files.delete(bundle.resolve("config.json"));
        Files.createSymbolicLink(bundle.resolve("config.json"), secret);
        JsonNode e = error("org.rdk.OCIContainer.1.startContainer",
                "{\"containerId\":\"hostile\",\"bundlePath\":\"" + bundle + "\"}");
        assertTrue(e.toString(), e.path("data").asText().contains("is a symbolic link: refused"));
        assertFalse(e.toString(), e.toString().contains("TOPSECRET"));

        Path linkedBundle = Files.createSymbolicLink(work.resolve("linked-bundle"), work.resolve("b/other/Container"));
        JsonNode started = result("org.rdk.OCIContainer.1.startContainer",
                "{\"containerId\":\"linked\",\"bundlePath\":\"" + linkedBundle + "\"}");
        assertTrue(started.toString(), started.path("descriptor").asInt() > 0);
        assertEquals("Running", result("org.rdk.OCIContainer.1.getContainerState", "{\"containerId\":\"linked\"}")
                .path("state").asText());
    }

    /** The provider checks a spec's fields before anything runs, and names the field (docs/plugins-api.md). */
    @Test
    public void aSpecWithoutTheFieldsEverySpecNeedsIsRefusedWithTheFieldNamed() {
        awaitRunc();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"ERROR_GENERAL\",\"data\":"
                + "\"the Dobby spec needs \\\"args\\\": a non-empty array of strings\"}}",
                rpc.call("org.rdk.OCIContainer.1.startContainerFromDobbySpec",
                        "{\"containerId\":\"x\",\"dobbySpec\":{\"version\":\"1.0\"}}").body());
        assertFalse(result("org.rdk.OCIContainer.1.listContainers", null).toString().contains("\"x\""));
    }

    @Test
    public void annotationsAreBoundedAndInfoAnswersAtOnce() {
        awaitRunc();
        Path bundle = Path.of(System.getProperty(WORK), "b/other/Container");
        assertTrue(result("org.rdk.OCIContainer.1.startContainer",
                "{\"containerId\":\"annotated\",\"bundlePath\":\"" + bundle + "\"}").path("descriptor").asInt() > 0);
        String value = "v".repeat(4096);
        for (int i = 0; i < 64; i++) {
            assertEquals("{\"success\":true}", result("org.rdk.OCIContainer.1.annotate",
                    "{\"containerId\":\"annotated\",\"key\":\"key-" + i + "\",\"value\":\"" + value + "\"}").toString());
        }
        JsonNode full = error("org.rdk.OCIContainer.1.annotate",
                "{\"containerId\":\"annotated\",\"key\":\"one-more\",\"value\":\"v\"}");
        assertEquals(full.toString(), "container 'annotated' already has 64 annotations, the most allowed (64); remove one first",
                full.path("data").asText());
        JsonNode longKey = error("org.rdk.OCIContainer.1.annotate",
                "{\"containerId\":\"annotated\",\"key\":\"" + "k".repeat(257) + "\",\"value\":\"v\"}");
        assertTrue(longKey.toString(), longKey.path("data").asText().contains("longer than 256"));
        long t0 = System.nanoTime();
        JsonNode info = result("org.rdk.OCIContainer.1.getContainerInfo", "{\"containerId\":\"annotated\"}").path("info");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("getContainerInfo took " + millis + " ms", millis < 1000);
        assertEquals(64, info.path("annotations").size());
        assertEquals(value, info.path("annotations").path("key-0").asText());
    }
}
