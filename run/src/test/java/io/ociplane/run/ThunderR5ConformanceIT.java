package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The R5 profile against real Thunder R5.3.0: every row of issue 16's table that is about the wire and the
 * Controller's existing methods, the expectations of the older R5 test (R5ProfileIT), and each deliberate
 * deviation, which the README must list (docs/thunder-wire.md).
 */
public class ThunderR5ConformanceIT extends ThunderConformance {

    private static final List<String> R5_MEMBERS = List.of("callsign", "locator", "classname", "module", "state",
            "startmode", "resumed", "version");
    private static final List<String> R5_COUNTERS = List.of("observers", "processedrequests", "processedobjects");

    public ThunderR5ConformanceIT() {
        super("R5");
    }

    @Override
    void table(Rpc rpc, Conformance c) {
        controllerRow(rpc, c, with(R5_MEMBERS, "configuration"), "{\"locator\":\"\",\"module\":\"\",\"version\":"
                + "{\"hash\":\"\",\"major\":0,\"minor\":0,\"patch\":0},\"state\":\"Activated\"}");
        c.row("status@X and services@X: an object with exactly its members", () -> {
            for (String name : List.of("status", "services")) {
                JsonNode oci = rpc.call("Controller.1." + name + "@" + OCI, null).json().path("result");
                assertTrue(name + " is an object: " + oci, oci.isObject());
                assertEquals(with(R5_MEMBERS, "precondition"), Conformance.members(oci));
                assertEquals("Plugin_OCIContainer", oci.path("module").asText());
                assertEquals("{\"hash\":\"" + oci.path("version").path("hash").asText() + "\",\"major\":1,\"minor\":0,"
                        + "\"patch\":4}", oci.path("version").toString());
                assertEquals("Activated", oci.path("state").asText());
                assertEquals(0, oci.path("processedrequests").asInt(-1));
            }
            assertEquals("Plugin_ProcessContainers", rpc.status("Containers").path("module").asText());
        });
        c.row("configuration@X of a plugin without configuration: null", () -> {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    rpc.call("Controller.1.configuration@" + OCI, null).body());
            assertFails(rpc.call("Controller.1.configuration", null), 200, -31022, "ERROR_UNKNOWN_KEY");
        });
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc", "notification")) {
            c.row("register statechange: every activated plugin's state, then the reply", () -> {
                List<String> messages = callAndBefore(ws, 1, "Controller.1.register",
                        "{\"event\":\"statechange\",\"id\":\"s\"}");
                List<String> expected = new ArrayList<>();
                for (String callsign : List.of("Containers", "Controller", "Demo", OCI)) {
                    expected.add("{\"jsonrpc\":\"2.0\",\"method\":\"s.statechange\",\"params\":{\"callsign\":\""
                            + callsign + "\",\"state\":\"Activated\",\"reason\":\"Startup\"}}");
                }
                expected.add("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}");
                assertEquals(expected, messages);
            });
            lifecycleRow(ws, c);
            c.row("a WebSocket message that does not parse gets no reply", () -> {
                ws.send("{\"jsonrpc\":\"2.0\",\"id\":5,");
                ws.send("[" + request("6", "Demo.1.ping", null) + "]");
                ws.send("xyz");
                assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"pong\"}"),
                        callAndBefore(ws, 7, "Demo.1.ping", null));
            });
        }
        c.row("method missing: 200, the id, -31050", () -> {
            Rpc.Response r = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":5}");
            assertFails(r, 200, -31050, "ERROR_PARSE_FAILURE");
            assertEquals(5, r.json().path("id").asInt());
        });
        c.row("empty body: 405 without a body and without CORS; so is {}", () -> {
            for (String body : List.of("", "{}")) {
                Rpc.Response r = rpc.post("/jsonrpc", body, Map.of("Origin", PAGE));
                assertEquals(body, 405, r.status());
                assertEquals(body, "", r.body());
                assertNull(body, r.allowOrigin());
            }
        });
        c.row("batch array: 400, id null, -31050", () -> {
            Rpc.Response r = rpc.post("[" + request("1", "Demo.1.ping", null) + "]");
            assertFails(r, 400, -31050, "Invalid value.\"null\" or \"{\" expected.");
            assertTrue(r.body(), r.json().has("id") && r.json().get("id").isNull());
        });
        c.row("wrong-typed params: -31050 Invalid value... before the method runs", () -> {
            for (Rpc.Response r : List.of(rpc.call("Controller.1.activate", "\"Containers\""),
                    rpc.call("Containers.1.start", "{\"name\":5}"))) {
                assertEquals(r.body(), 200, r.status());
                assertEquals(r.body(), -31050, r.json().path("error").path("code").asInt());
                assertTrue(r.body(), r.json().path("error").path("message").asText().startsWith("Invalid value"));
            }
        });
        c.row("truncated JSON: 200, the id it read, -31050", () -> {
            Rpc.Response r = rpc.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"Demo.1.ping\"");
            assertFails(r, 200, -31050, "Incomplete JSON send");
            assertEquals(5, r.json().path("id").asInt());
            assertFails(rpc.post("xyz"), 400, -31050, "Invalid value.\"null\" or \"{\" expected.");
        });
    }

    /** What R5ProfileIT expects, replayed here so that the profile's rows are all in one place. */
    @Override
    void olderWireTests(Rpc rpc, Conformance c) {
        c.row("errors with HTTP 200 and R5 codes", () -> {
            assertFails(rpc.call("Nobody.1.ping", null), 200, -31043, "The service is not available.");
            assertFails(rpc.call("Demo.1.fail", "{\"code\":1}"), 200, -31001, "ERROR_GENERAL");
            assertFails(rpc.call("Demo.1.nope", null), 200, -32601, "Unknown method.");
            assertFails(rpc.call("Demo.9.ping", null), 200, -31038, "Requested version is not supported.");
            assertFails(rpc.call("Controller.1.activate", "{\"callsign\":\"Controller\"}"), 200, -32604,
                    "Method invocation not allowed.");
            assertFails(rpc.call("Controller.1.activate", null), 200, -31030, "ERROR_BAD_REQUEST");
            assertFails(rpc.call("Controller.1.status@Nobody", null), 200, -31022, "ERROR_UNKNOWN_KEY");
        });
        c.row("built-ins: versions, exists, register null, register needs event and id", () -> {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"name\":\"Demo\",\"major\":1,\"minor\":0,\"patch\":0}]}",
                    rpc.call("Demo.1.versions", null).body());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}",
                    rpc.call("Demo.1.exists", "{\"method\":\"ping\"}").body());
            try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
                String reg = "{\"event\":\"fired\",\"id\":\"c\"}";
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", ws.call(1, "Demo.1.register", reg, null));
                assertEquals(Conformance.err(-31048, "Registration failed."),
                        Conformance.error(ws.call(2, "Demo.1.register", reg, null)));
                assertEquals(Conformance.err(-32602, "Invalid parameters."),
                        Conformance.error(ws.call(3, "Demo.1.register", "{\"event\":\"fired\"}", null)));
            }
        });
    }

    @Override
    void deviations(Rpc rpc, Conformance c) {
        c.deviation("strings escaped as in R4 (R5.3 sends / and UTF-8 as they are)", "R5 escapes strings as R4",
                () -> assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"v\\/\\u00E9\"}",
                        rpc.call("Demo.1.echo", "\"v/é\"").body()));
        c.deviation("the statechange snapshot goes to the registering connection only (R5.3: every connection that "
                + "registered the same client id)", "The `statechange` snapshot goes to the registering connection",
                () -> {
                    try (WsClient first = new WsClient(rpc.port(), "/jsonrpc");
                            WsClient second = new WsClient(rpc.port(), "/jsonrpc")) {
                        String reg = "{\"event\":\"statechange\",\"id\":\"same\"}";
                        callAndBefore(first, 1, "Controller.1.register", reg);
                        assertEquals(4, events(callAndBefore(second, 1, "Controller.1.register", reg),
                                "same.statechange").size());
                        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"pong\"}"),
                                callAndBefore(first, 2, "Demo.1.ping", null));
                    }
                });
        c.deviation("HTTP failures carry a JSON-RPC body (Thunder: none)", "HTTP failures carry a JSON-RPC body",
                () -> assertEquals(-31043, rpc.post("/jsonrpc/Nobody", "{\"id\":1,\"method\":\"1.ping\"}").json()
                        .path("error").path("code").asInt()));
    }

    private static List<String> with(List<String> members, String optional) {
        List<String> all = new ArrayList<>(members);
        all.add(optional);
        all.addAll(R5_COUNTERS);
        return all;
    }
}
