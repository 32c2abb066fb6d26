package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * org.rdk.OCIContainer in the assembled runtime, over HTTP and WebSocket, with the in-memory provider installed
 * as a test bundle: the seed's curl commands run verbatim, events to two clients, and Controller deactivation.
 */
public class OciContainerIT extends InRuntime {

    private static final Duration WAIT = Duration.ofSeconds(15);
    static final String PLUGIN_FILE = "{\"callsign\":\"org.rdk.OCIContainer\",\"locator\":\"io.ociplane.ocicontainer-plugin\","
            + "\"classname\":\"OCIContainer\",\"autostart\":true,\"precondition\":[\"Platform\"]}";

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtime(Set.of("demo-plugin"), Map.of("org.rdk.OCIContainer", PLUGIN_FILE));
    }

    /** Runs curl exactly as the seed's examples do (arguments passed as an array, no shell). */
    private static JsonNode curl(int port, String body) {
        try {
            Process p = new ProcessBuilder("curl", "-s", "-X", "POST", "http://127.0.0.1:" + port + "/jsonrpc/", "-d", body)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("curl finished", p.waitFor(20, TimeUnit.SECONDS));
            assertEquals("curl exit status, output: " + out, 0, p.exitValue());
            return Json.tree(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    public void seedCurlCommandsGiveTheSeedShapes() {
        Rpc rpc = new Rpc();
        Rpc.await("OCIContainer answers", WAIT, () -> rpc.call("org.rdk.OCIContainer.1.listContainers", null).status() == 200);
        int port = rpc.port();
        try (WsClient a = new WsClient(port, "/jsonrpc", "notification"); WsClient b = new WsClient(port, "/jsonrpc")) {
            for (WsClient c : List.of(a, b)) {
                for (String ev : List.of("onContainerStarted", "onContainerStopped")) {
                    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", c.call(1, "org.rdk.OCIContainer.1.register",
                            "{\"event\":\"" + ev + "\",\"id\":\"client.events\"}", null));
                }
            }

            JsonNode spec = curl(port, "{\n\"jsonrpc\":\"2.0\",\n\"id\":3,\n\"method\":\"org.rdk.OCIContainer.1.startContainerFromDobbySpec\",\n"
                    + "\"params\":{\n\"containerId\": \"SleepTest\",\n\"dobbySpec\":{\n\"version\": \"1.0\",\n\"cwd\": \"/\",\n"
                    + "\"args\": [\n\"sleep\",\n\"60\"\n],\n\"env\": [\n],\n\"user\": {\n\"uid\": 1000,\n\"gid\": 1000\n},\n"
                    + "\"console\": {\n\"limit\": 65536,\n\"path\": \"/tmp/container.log\"\n},\n\"etc\": {\n\"group\": [\n"
                    + "\"root:x:0:\"\n],\n\"passwd\": [\n\"root::0:0:root:/:/bin/false\"\n]\n},\n\"memLimit\": 41943040,\n"
                    + "\"network\": \"nat\",\n\"mounts\": [\n]\n}\n}\n}");
            assertEquals(spec.toString(), 3, spec.path("id").asInt());
            int descriptor = spec.path("result").path("descriptor").asInt();
            assertTrue(spec.toString(), descriptor > 0 && spec.path("result").path("success").asBoolean());
            for (WsClient c : List.of(a, b)) {
                assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStarted\",\"params\":{\"descriptor\":\""
                        + descriptor + "\",\"name\":\"SleepTest\"}}", c.next(WAIT));
            }

            JsonNode bundle = curl(port, "{\n\"jsonrpc\":\"2.0\",\n\"id\":3,\n\"method\":\"org.rdk.OCIContainer.1.startContainer\",\n"
                    + "\"params\":{\n\"containerId\": \"SleepTest2\",\n\"bundlePath\": \"/containers/SleepTest2\"\n}\n}");
            assertTrue(bundle.toString(), bundle.path("result").path("descriptor").asInt() > 0);

            JsonNode list = curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.listContainers\"}");
            assertEquals(descriptor, list.path("result").path("containers").path(0).path("Descriptor").asInt());
            assertEquals("SleepTest", list.path("result").path("containers").path(0).path("Id").asText());
            assertTrue(list.path("result").path("success").asBoolean());

            JsonNode state = curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.getContainerState\", \"params\": {\"containerId\": \"SleepTest\"}}");
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"containerId\":\"SleepTest\",\"state\":\"Running\",\"success\":true}}",
                    state.toString());

            JsonNode info = curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.getContainerInfo\", \"params\": {\"containerId\": \"SleepTest\"}}");
            assertEquals("SleepTest", info.path("result").path("info").path("id").asText());
            assertEquals("running", info.path("result").path("info").path("state").asText());
            assertTrue(info.path("result").path("info").path("cpu").path("usage").has("total"));
            assertTrue(info.path("result").path("info").path("memory").path("user").has("usage"));

            String ok = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"success\":true}}";
            assertEquals(ok, curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.pauseContainer\", \"params\": {\"containerId\": \"SleepTest\"}}").toString());
            assertEquals(ok, curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.resumeContainer\", \"params\": {\"containerId\": \"SleepTest\"}}").toString());
            assertEquals(ok, curl(port, "{\n\"jsonrpc\": \"2.0\",\n\"id\": 3,\n\"method\": \"org.rdk.OCIContainer.1.executeCommand\",\n\"params\": {\n"
                    + "\"containerId\": \"SleepTest\",\n\"options\": \"\",\n\"command\": \"ls\"\n}\n}").toString());
            assertEquals(ok, curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.stopContainer\", \"params\": {\"containerId\": \"SleepTest\"}}").toString());
            for (WsClient c : List.of(a, b)) {
                assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"client.events.onContainerStopped\",\"params\":{\"descriptor\":\""
                        + descriptor + "\",\"name\":\"SleepTest\"}}", c.await(m -> m.contains("onContainerStopped"), WAIT));
            }
            JsonNode gone = curl(port, "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"org.rdk.OCIContainer.1.getContainerState\", \"params\": {\"containerId\": \"SleepTest\"}}");
            assertEquals("{\"code\":1,\"message\":\"ERROR_GENERAL\",\"data\":\"no container 'SleepTest'\"}", gone.path("error").toString());
        }
    }

    @Test
    public void deactivatedThroughControllerThenActivatedAgain() {
        Rpc rpc = new Rpc();
        Rpc.await("OCIContainer answers", WAIT, () -> rpc.call("org.rdk.OCIContainer.1.listContainers", null).status() == 200);
        JsonNode status = rpc.call("Controller.1.status@org.rdk.OCIContainer", null).json().path("result").path(0);
        assertEquals("activated", status.path("state").asText());
        assertEquals("container provider: memory", status.path("note").asText());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                rpc.call("Controller.1.deactivate", "{\"callsign\":\"org.rdk.OCIContainer\"}").body());
        Rpc.Response off = rpc.call("org.rdk.OCIContainer.1.listContainers", null);
        assertEquals(202, off.status());
        assertEquals(2, off.json().path("error").path("code").asInt());
        assertEquals("Service is not active", off.json().path("error").path("message").asText());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                rpc.call("Controller.1.activate", "{\"callsign\":\"org.rdk.OCIContainer\"}").body());
        Rpc.Response on = rpc.call("org.rdk.OCIContainer.1.listContainers", null);
        assertEquals(200, on.status());
        assertTrue(on.body(), on.json().path("result").path("success").asBoolean());
        List<String> errors = new ArrayList<>();
        Rpc.Response bad = rpc.call("org.rdk.OCIContainer.1.startContainer", "{\"containerId\":\"x\",\"bundlePath\":\"rel\"}");
        if (bad.status() != 202) {
            errors.add(bad.body());
        }
        assertEquals(List.of(), errors);
        assertEquals("{\"code\":1,\"message\":\"ERROR_GENERAL\",\"data\":\"'bundlePath' must be an absolute path: 'rel'\"}",
                bad.json().path("error").toString());
    }
}
