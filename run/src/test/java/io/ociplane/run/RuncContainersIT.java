package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Real containers through the assembled runtime with the runc provider: the Containers plugin (two instances
 * with their own containerPaths) and org.rdk.OCIContainer on busybox bundles and a Dobby spec.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RuncContainersIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WORK = "it.runc.work";

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.tempDir("runc");
        // a spec container runs in a user namespace: its mapped root must be able to reach the workspace
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path a = work.resolve("a");
        Path b = work.resolve("b");
        Bundles.busybox(a.resolve("busy/Container"), List.of("sh", "-c", "while :; do :; done"));
        Bundles.busybox(b.resolve("other/Container"), List.of("sleep", "600"));
        Files.createDirectories(a.resolve("specbusy"));
        Files.writeString(a.resolve("specbusy/spec.json"), "{\"version\":\"1.0\",\"cwd\":\"/\",\"args\":[\"sleep\",\"600\"],"
                + "\"env\":[],\"user\":{\"uid\":1000,\"gid\":1000},\"memLimit\":41943040,\"network\":\"private\",\"mounts\":[]}");
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory"), Map.of(
                "org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE,
                "Containers", containersPlugin("Containers", a),
                "Containers2", containersPlugin("Containers2", b)), work.resolve("runc"),
                CoreOptions.systemProperty(WORK).value(work.toString()));
    }

    private static String containersPlugin(String callsign, Path path) {
        return "{\"callsign\":\"" + callsign + "\",\"locator\":\"io.ociplane.containers-compat\",\"classname\":\"Containers\","
                + "\"configuration\":{\"containerPaths\":[\"" + path + "\"]}}";
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
}
