package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Subsystems that change at run time (docs/controller-system.md): with Security driven from outside, the
 * SecurityAgent provides it while it serves. Each change is a {@code subsystemchange} of what changed; a plugin whose
 * {@code termination} comes to hold stops (statechange Deactivated, reason Conditions) and waits in Precondition,
 * and comes back when it no longer holds; one whose {@code precondition} waited comes up when it holds.
 */
public class SubsystemsIT extends InRuntime {

    /** Needs Security: waits until the SecurityAgent serves. */
    private static final String SECURED = "Secured";
    /** Stops while Security is active. */
    private static final String UNSECURED = "Unsecured";

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.tempDir("subsystems");
        Files.writeString(work.resolve("acl.json"), "{\"assign\":[],\"roles\":{}}");
        return RuntimeOptions.runtime(profile(), Set.of(), Map.of(
                "SecurityAgent", RuntimeOptions.securityAgentPlugin(work.resolve("acl.json"), work.resolve("state")),
                SECURED, demo(SECURED, "\"precondition\":[\"Security\"]"),
                UNSECURED, demo(UNSECURED, "\"termination\":[\"Security\"]")),
                CoreOptions.systemProperty("io.ociplane.jsonrpc.externalSubsystems").value("Security"));
    }

    /** The wire profile this class runs (SubsystemsR5IT: R5). */
    protected String profile() {
        return "R4";
    }

    private boolean r5() {
        return "R5".equals(profile());
    }

    /** A state as status writes it in the profile. */
    private String state(String lower) {
        return r5() ? Character.toUpperCase(lower.charAt(0)) + lower.substring(1) : lower;
    }

    private static String demo(String callsign, String conditions) {
        return "{\"callsign\":\"" + callsign + "\",\"locator\":\"io.ociplane.demo-plugin\",\"classname\":\"Demo\","
                + "\"autostart\":true," + conditions + "}";
    }

    private static String state(Rpc rpc, String callsign) {
        return rpc.status(callsign).path("state").asText();
    }

    private static boolean security(Rpc rpc) {
        for (JsonNode s : rpc.call("Controller.1.subsystems", null).json().path("result")) {
            if ("Security".equals(s.path("subsystem").asText())) {
                return s.path("active").asBoolean();
            }
        }
        throw new AssertionError("no Security subsystem");
    }

    @Test
    public void terminationAndPreconditionFollowTheSecurityAgent() {
        Rpc rpc = new Rpc();
        Rpc.await("SecurityAgent serving, Security active, Secured up, Unsecured stopped", WAIT,
                () -> rpc.call("Controller.1.status", null).status() == 200 && security(rpc)
                        && state("activated").equals(state(rpc, SECURED))
                        && state("precondition").equals(state(rpc, UNSECURED)));
        ThunderConformance.assertFails(rpc.call("Controller.1.activate", "{\"callsign\":\"" + UNSECURED + "\"}"),
                r5() ? 200 : 202, r5() ? -31031 : 31, "ERROR_PENDING_CONDITIONS");

        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            ws.call(1, "Controller.1.register", "{\"event\":\"subsystemchange\",\"id\":\"s\"}", null);
            ws.call(2, "Controller.1.register", "{\"event\":\"statechange\",\"id\":\"c\"}", null);

            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    rpc.call("Controller.1.deactivate", "{\"callsign\":\"SecurityAgent\"}").body());
            String gone = ws.await(m -> m.contains("\"s.subsystemchange\""), WAIT);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"s.subsystemchange\",\"params\":"
                    + "[{\"subsystem\":\"Security\",\"active\":false}]}", gone);
            String back = ws.await(m -> m.contains("\"callsign\":\"" + UNSECURED + "\""), WAIT);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.statechange\",\"params\":{\"callsign\":\"" + UNSECURED
                    + "\",\"state\":\"Activated\",\"reason\":\"Automatic\"}}", back);
            assertEquals("pong", rpc.call(UNSECURED + ".1.ping", null).json().path("result").asText());
            assertTrue("a running plugin's precondition is checked only when it starts, as Thunder's",
                    state("activated").equals(state(rpc, SECURED)));

            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    rpc.call("Controller.1.activate", "{\"callsign\":\"SecurityAgent\"}").body());
            String came = ws.await(m -> m.contains("\"s.subsystemchange\""), WAIT);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"s.subsystemchange\",\"params\":"
                    + "[{\"subsystem\":\"Security\",\"active\":true}]}", came);
            String stopped = ws.await(m -> m.contains("\"callsign\":\"" + UNSECURED + "\""), WAIT);
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.statechange\",\"params\":{\"callsign\":\"" + UNSECURED
                    + "\",\"state\":\"Deactivated\",\"reason\":\"Conditions\"}}", stopped);
            Rpc.await(UNSECURED + " in Precondition", WAIT,
                    () -> state("precondition").equals(state(rpc, UNSECURED)));
            if (r5()) {
                ThunderConformance.assertFails(rpc.call(UNSECURED + ".1.ping", null), 200, -31002,
                        "The service is not active.");
            } else {
                JsonRpcWireIT.assertError(rpc.call(UNSECURED + ".1.ping", null), 2, "Service is not active");
            }
        }
    }
}
