package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A call's events come before its reply on the connection that made the call, every time (issue 16: Thunder
 * writes them first; before, the reply came first in 8 of 10 runs): Controller activate/deactivate with
 * {@code statechange} and {@code all}, and org.rdk.OCIContainer start/stop with {@code onContainerStarted}/
 * {@code onContainerStopped} through the in-memory provider (which raises them during the call, as Dobby raises
 * Started before the start's reply), each 100 times in a row over a real WebSocket.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventBeforeReplyIT {

    private static final int ROUNDS = 100;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String OCI = "org.rdk.OCIContainer";

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtime(Set.of(), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi"), OCI,
                ThunderConformance.OCI_FILE));
    }

    private static Rpc rpc(String method) {
        Rpc rpc = new Rpc();
        Rpc.await(method + " answers", WAIT, () -> rpc.call(method, null).status() == 200);
        return rpc;
    }

    @Test
    public void statechangeAndAllComeBeforeTheReplyOfActivateAndDeactivate() {
        Rpc rpc = rpc("Demo.1.ping");
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc", "notification")) {
            ws.call(1, "Controller.1.register", "{\"event\":\"statechange\",\"id\":\"s\"}", null);
            ws.call(2, "Controller.1.register", "{\"event\":\"all\",\"id\":\"a\"}", null);
            int id = 10;
            for (int round = 1; round <= ROUNDS; round++) {
                for (String state : List.of("Deactivated", "Activated")) {
                    String method = state.equals("Activated") ? "activate" : "deactivate";
                    List<String> before = new ArrayList<>();
                    String reply = ws.call(++id, "Controller.1." + method, "{\"callsign\":\"Demo\"}", before);
                    assertEquals("round " + round + " " + method, "{\"jsonrpc\":\"2.0\",\"id\":" + id
                            + ",\"result\":null}", reply);
                    assertEquals("round " + round + ": what came before the reply of " + method, List.of(
                            "{\"jsonrpc\":\"2.0\",\"method\":\"s.statechange\",\"params\":{\"callsign\":\"Demo\","
                                    + "\"state\":\"" + state + "\",\"reason\":\"Requested\"}}",
                            "{\"jsonrpc\":\"2.0\",\"method\":\"a.all\",\"params\":{\"callsign\":\"Demo\",\"data\":"
                                    + "{\"state\":\"" + state.toLowerCase() + "\",\"reason\":\"Requested\"}}}"),
                            before);
                }
            }
        } finally {
            rpc.call("Controller.1.activate", "{\"callsign\":\"Demo\"}"); // as it was, also after a failed round
        }
        System.out.printf("event before reply: %d deactivate/activate rounds, every statechange and all first%n",
                ROUNDS);
    }

    @Test
    public void containerEventsComeBeforeTheReplyOfStartAndStop() {
        Rpc rpc = rpc(OCI + ".1.listContainers");
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc", "notification")) {
            for (String event : List.of("onContainerStarted", "onContainerStopped")) {
                ws.call(1, OCI + ".1.register", "{\"event\":\"" + event + "\",\"id\":\"c\"}", null);
            }
            int id = 10;
            for (int round = 1; round <= ROUNDS; round++) {
                String name = "order" + round;
                List<String> started = new ArrayList<>();
                JsonNode start = Json.tree(ws.call(++id, OCI + ".1.startContainer", "{\"containerId\":\"" + name
                        + "\",\"bundlePath\":\"/containers/" + name + "\"}", started));
                String descriptor = Integer.toString(start.path("result").path("descriptor").asInt());
                assertTrue("round " + round + ": " + start, start.path("result").path("success").asBoolean());
                assertEquals("round " + round + ": what came before the start's reply", List.of(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\""
                                + descriptor + "\",\"name\":\"" + name + "\"}}"), started);
                List<String> stopped = new ArrayList<>();
                assertEquals("round " + round, "{\"jsonrpc\":\"2.0\",\"id\":" + (id + 1)
                        + ",\"result\":{\"success\":true}}", ws.call(++id, OCI + ".1.stopContainer",
                                "{\"containerId\":\"" + name + "\"}", stopped));
                assertEquals("round " + round + ": what came before the stop's reply", List.of(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\""
                                + descriptor + "\",\"name\":\"" + name + "\"}}"), stopped);
            }
        }
        System.out.printf("event before reply: %d container start/stop rounds, every event first%n", ROUNDS);
    }
}
