package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * No stranded containers (issue 14, item 6): two providers that run containers of their own, the runc provider
 * (ranking 100) and the Dobby provider (200) on a private dbus-daemon, whose Dobby-compatible service is backed by
 * the in-memory provider. While the Dobby service is down a container starts on runc; when Dobby returns, new
 * containers start through Dobby, and the runc container stays listed (by both plugins), answers, is stopped
 * through runc and its Stopped reaches the subscribers.
 */
public class StrandedContainersIT extends OnDobbyBus {

    private static final String WORK = "it.stranded.work";
    private static final String OCI = "org.rdk.OCIContainer";
    private static final String SERVER_PID = "io.ociplane.oci.dobby.server";

    @Configuration
    public Option[] config() throws IOException {
        DobbyBus.start();
        Path work = RuntimeOptions.containersDir("stranded");
        RuntimeOptions.busyboxBundle(work.resolve("bundles/stranded/Container"), List.of("sleep", "600"));
        String containers = RuntimeOptions.containersPlugin("Containers", work.resolve("bundles"));
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin"), Map.of(OCI, OciContainerIT.PLUGIN_FILE,
                "Containers", containers), work.resolve("runc"), CoreOptions.systemProperty(WORK).value(work.toString()),
                DobbyBus.frameworkProperties());
    }

    @After
    public void removeRealContainers() {
        RuntimeOptions.removeRuncContainers(Path.of(System.getProperty(WORK), "runc", "state", "runc"));
    }

    private Rpc rpc; // made in the framework, where the port is known

    private String note() {
        return rpc.call("Controller.1.status@" + OCI, null).json().path("result").path(0).path("note").asText();
    }

    private JsonNode result(String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("result"));
        return r.path("result");
    }

    private List<String> listed() {
        List<String> out = new ArrayList<>();
        result(OCI + ".1.listContainers", null).path("containers")
                .forEach(c -> out.add(c.path("Id").asText() + "@" + c.path("Descriptor").asInt()));
        return out;
    }

    private List<String> containersListed() {
        List<String> out = new ArrayList<>();
        result("Containers.1.containers", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The Dobby-compatible service on the test's bus, backed by the in-memory provider (not by runc). */
    private void dobbyServiceUp() throws IOException {
        Hashtable<String, Object> server = new Hashtable<>();
        server.put("busAddress", System.getProperty(DobbyBus.ADDRESS));
        server.put("backend.target", "(component.name=io.ociplane.oci.memory.InMemoryRuntime)");
        configAdmin.getConfiguration(SERVER_PID, "?").update(server);
    }

    private void dobbyServiceDown() throws IOException {
        configAdmin.getConfiguration(SERVER_PID, "?").delete();
    }

    @Test
    public void aContainerStartedOnRuncWhileDobbyWasDownStaysServedWhenDobbyReturns() throws Exception {
        rpc = new Rpc();
        Hashtable<String, Object> client = new Hashtable<>();
        client.put("busAddress", System.getProperty(DobbyBus.ADDRESS));
        configAdmin.getFactoryConfiguration("io.ociplane.oci.dobby", "stranded", "?").update(client);
        dobbyServiceUp();
        Rpc.await("OCIContainer served by the Dobby provider", WAIT, () -> "container provider: dobby".equals(note()));

        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            for (String ev : List.of("onContainerStarted", "onContainerStopped")) {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", ws.call(1, OCI + ".1.register",
                        "{\"event\":\"" + ev + "\",\"id\":\"c\"}", null));
            }

            // the Dobby daemon goes away: starts go to the runc provider
            dobbyServiceDown();
            Rpc.await("OCIContainer served by the runc provider", WAIT, () -> "container provider: runc".equals(note()));
            Path bundle = Path.of(System.getProperty(WORK), "bundles/stranded/Container");
            int descriptor = result(OCI + ".1.startContainer", "{\"containerId\":\"stranded\",\"bundlePath\":\""
                    + bundle + "\"}").path("descriptor").asInt();
            assertTrue("started on runc: " + descriptor, descriptor > 0);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\""
                    + descriptor + "\",\"name\":\"stranded\"}}", ws.next(WAIT));
            int pid = result(OCI + ".1.getContainerInfo", "{\"containerId\":\"stranded\"}").path("info").path("pids")
                    .path(0).asInt();
            assertTrue("its init runs: " + pid, pid > 0 && Files.exists(Path.of("/proc/" + pid)));

            // the daemon is back: preferred for new containers; the runc container stays served
            dobbyServiceUp();
            Rpc.await("OCIContainer served by the Dobby provider again", WAIT,
                    () -> "container provider: dobby".equals(note()));
            assertEquals(List.of("stranded@" + descriptor), listed());
            assertEquals(List.of("stranded"), containersListed());
            assertEquals("Running", result(OCI + ".1.getContainerState", "{\"containerId\":\"stranded\"}").path("state")
                    .asText());
            assertEquals("Running", result(OCI + ".1.getContainerState", "{\"containerId\":\"" + descriptor + "\"}")
                    .path("state").asText());
            assertEquals(pid, result(OCI + ".1.getContainerInfo", "{\"containerId\":\"stranded\"}").path("info")
                    .path("pids").path(0).asInt());

            int viaDobby = result(OCI + ".1.startContainer", "{\"containerId\":\"viadobby\",\"bundlePath\":"
                    + "\"/containers/viadobby\"}").path("descriptor").asInt();
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\""
                    + viaDobby + "\",\"name\":\"viadobby\"}}", ws.next(WAIT));
            assertEquals(List.of("viadobby@" + viaDobby, "stranded@" + descriptor), listed());
            assertEquals(List.of("viadobby", "stranded"), containersListed());
            assertFalse("a container that runs on runc is not started again through Dobby",
                    rpc.call(OCI + ".1.startContainer", "{\"containerId\":\"stranded\",\"bundlePath\":\"" + bundle
                            + "\"}").body().contains("\"result\""));

            // stopped through the provider that runs it, and its Stopped reaches the subscribers
            assertEquals("{\"success\":true}", result(OCI + ".1.stopContainer",
                    "{\"containerId\":\"stranded\",\"force\":true}").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\""
                    + descriptor + "\",\"name\":\"stranded\"}}", ws.await(m -> m.contains("onContainerStopped"), WAIT));
            assertEquals(List.of("viadobby@" + viaDobby), listed());
            assertFalse("its init is gone", Files.exists(Path.of("/proc/" + pid)));

            assertEquals("{\"success\":true}", result(OCI + ".1.stopContainer",
                    "{\"containerId\":\"viadobby\",\"force\":true}").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\""
                    + viaDobby + "\",\"name\":\"viadobby\"}}", ws.await(m -> m.contains("onContainerStopped"), WAIT));
        }
    }
}
