package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The R4 profile against real Thunder R4.4.7: every row of issue 16's table that is about the wire and the
 * Controller's existing methods, the expectations of the older wire tests (JsonRpcWireIT), and each deliberate
 * deviation, which the README must list (docs/thunder-wire.md).
 */
public class ThunderR4ConformanceIT extends ThunderConformance {

    public ThunderR4ConformanceIT() {
        super("R4");
    }

    @Override
    void table(Rpc rpc, Conformance c) {
        controllerRow(rpc, c, List.of("callsign", "classname", "configuration", "startmode", "state", "observers",
                "module", "hash", "major", "minor", "patch", "version"),
                "{\"configuration\":{\"subsystems\":[]},\"module\":\"Application\",\"state\":\"activated\"}");
        c.row("status@X: module, hash, flat and nested version (issue 19 item 2)", () -> {
            JsonNode result = rpc.call("Controller.1.status@" + OCI, null).json().path("result");
            assertTrue("an array of one: " + result, result.isArray() && result.size() == 1);
            JsonNode oci = result.path(0);
            assertEquals(List.of("callsign", "locator", "classname", "autostart", "precondition", "startmode", "state",
                    "observers", "module", "hash", "major", "minor", "patch", "version"), Conformance.members(oci));
            assertEquals("Plugin_OCIContainer", oci.path("module").asText());
            assertEquals(List.of(1, 0, 4), List.of(oci.path("major").asInt(), oci.path("minor").asInt(),
                    oci.path("patch").asInt()));
            assertEquals("{\"hash\":\"" + oci.path("hash").asText() + "\",\"major\":1,\"minor\":0,\"patch\":4}",
                    oci.path("version").toString());
            assertFalse(oci.path("hash").asText().isEmpty());
            JsonNode containers = rpc.status("Containers");
            assertEquals("Plugin_ProcessContainers", containers.path("module").asText());
            assertEquals("1.0.0", containers.path("major").asInt() + "." + containers.path("minor").asInt() + "."
                    + containers.path("patch").asInt());
        });
        c.row("configuration@X of a plugin without configuration: \"\"", () -> {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"\"}",
                    rpc.call("Controller.1.configuration@" + OCI, null).body());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"subsystems\":[]}}",
                    rpc.call("Controller.1.configuration@Controller", null).body());
            assertFails(rpc.call("Controller.1.configuration", null), 202, -32603, "Could not access requested service");
        });
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc", "notification")) {
            c.row("register statechange: result 0, no event", () -> assertEquals(List.of(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}"), callAndBefore(ws, 1, "Controller.1.register",
                            "{\"event\":\"statechange\",\"id\":\"s\"}")));
            lifecycleRow(ws, c);
        }
        c.row("method missing: -32601 Unknown method.", () -> assertFails(
                rpc.post("{\"jsonrpc\":\"2.0\",\"id\":5}"), 202, -32601, "Unknown method."));
        c.row("empty body: 400 without a body", () -> {
            Rpc.Response r = rpc.post("/jsonrpc", "", Map.of("Origin", PAGE));
            assertEquals(400, r.status());
            assertEquals("", r.body());
        });
        c.row("wrong-typed params run with what parsed", () -> {
            assertFails(rpc.call("Controller.1.activate", "\"Containers\""), 202, 22, "ERROR_UNKNOWN_KEY");
            assertFails(rpc.call("Containers.1.start", "{\"name\":5}"), 202, 2, "ERROR_UNAVAILABLE");
        });
    }

    /** What JsonRpcWireIT and WireAbuseIT expect, replayed here so that the profile's rows are all in one place. */
    @Override
    void olderWireTests(Rpc rpc, Conformance c) {
        c.row("a result: 200, Thunder's member order, no-cache", () -> {
            Rpc.Response r = rpc.call("Demo.1.add", "{\"a\":40,\"b\":2}");
            assertEquals(200, r.status());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"sum\":42}}", r.body());
            assertTrue(r.cacheControl(), r.cacheControl().startsWith("no-cache"));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", rpc.call("Demo.1.echo", null).body());
        });
        c.row("framework errors with HTTP 202", () -> {
            assertFails(rpc.call("Demo.1.nope", null), 202, -32601, "Unknown method.");
            assertFails(rpc.call("Nobody.1.ping", null), 202, -32603, "Could not access requested service");
            assertFails(rpc.call("Demo.9.ping", null), 202, -32602, "Requested version is not supported.");
            assertFails(rpc.call("Controller.1.activate", "{\"callsign\":\"Controller\"}"), 202, -32604,
                    "method invocation not allowed.");
            assertFails(rpc.call("Controller.1.activate", "{\"callsign\":\"Nobody\"}"), 202, 22, "ERROR_UNKNOWN_KEY");
            assertFails(rpc.call("Controller.1.status@Nobody", null), 202, 22, "ERROR_UNKNOWN_KEY");
        });
        c.row("plugin errors: mapped, output replaces the message", () -> {
            assertFails(rpc.call("Demo.1.fail", "{\"code\":2,\"output\":\"{}\"}"), 202, 2, "{}");
            assertFails(rpc.call("Demo.1.fail", "{\"code\":30}"), 202, -32603, "Could not access requested service");
            assertFails(rpc.call("Demo.1.crash", null), 202, 1, "ERROR_GENERAL");
            assertFails(rpc.call("Demo.1.greeting", "{}"), 202, 2, "ERROR_UNAVAILABLE");
        });
        c.row("endpoints: /jsonrpc/<callsign>[.<version>]", () -> {
            assertEquals(404, rpc.post("/jsonrpc/Nobody", "{\"id\":1,\"method\":\"1.ping\"}").status());
            assertEquals(400, rpc.post("/jsonrpc/Demo.7", "{\"id\":1,\"method\":\"1.ping\"}").status());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}",
                    rpc.post("/jsonrpc/Demo.1", "{\"id\":1,\"method\":\"ping\"}").body());
            assertFails(rpc.post("/jsonrpc/Demo", "{\"id\":1,\"method\":\"Controller.1.status\"}"), 202, -32600,
                    "Destined invoke failed.");
        });
        c.row("built-ins: exists compares the raw text (22), register 0, duplicates and unknown unregister 22", () -> {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":22}", rpc.call("Demo.1.exists", "\"ping\"").body());
            assertFails(rpc.call("Demo.1.versions", null), 202, -32601, "Unknown method.");
            try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
                String reg = "{\"event\":\"fired\",\"id\":\"d\"}";
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", ws.call(1, "Demo.1.register", reg, null));
                assertEquals(Conformance.err(22, "Registration already done!!!."),
                        Conformance.error(ws.call(2, "Demo.1.register", reg, null)));
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":0}", ws.call(3, "Demo.1.unregister", reg, null));
                assertEquals(Conformance.err(22, "Unregister was already done!!!."),
                        Conformance.error(ws.call(4, "Demo.1.unregister", reg, null)));
            }
        });
        c.row("escaping: \\/ and upper-case \\uXXXX", () -> assertEquals(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"v\\/\\u00E9\"}", rpc.call("Demo.1.echo", "\"v/é\"").body()));
    }

    @Override
    void deviations(Rpc rpc, Conformance c) {
        c.deviation("a notification, garbage, a batch, truncated JSON are answered (R4.4: nothing)",
                "Answers where R4.4 sends none", () -> {
                    Rpc.Response notification = rpc.post(request(null, "Demo.1.ping", null));
                    assertEquals(204, notification.status());
                    assertEquals("", notification.body());
                    assertFails(rpc.post("xyz"), 202, -32700, "Failed to parse JSONRPC message");
                    assertFails(rpc.post("[" + request("1", "Demo.1.ping", null) + "]"), 202, -32600, "Invalid request.");
                    assertFails(rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\""), 202, -32700,
                            "Failed to parse JSONRPC message");
                    try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
                        List<String> before = callAndBefore(ws, 9, "Demo.1.ping", null);
                        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":\"pong\"}"), before);
                        ws.send("{\"id\":2,");
                        assertEquals(-32700, Json.tree(ws.next(WAIT)).path("error").path("code").asInt());
                    }
                });
        c.deviation("readiness", "The Controller's `readiness` property", () -> assertTrue(
                rpc.call("Controller.1.readiness", null).json().path("result").path("ready").asBoolean()));
        c.deviation("params bound to a type that do not bind are refused (R4.4 runs with defaults)",
                "Params bound to a type are refused in R2/R4", () -> {
                    assertFails(rpc.call("Demo.1.add", "{\"a\":\"forty\"}"), 202, 50, "ERROR_PARSE_FAILURE");
                    assertFails(rpc.call("Demo.1.add", "[40,2]"), 202, -32602, "Invalid parameters.");
                });
        c.deviation("all also carries plugins' events (R4.4: only IShell::Notify and lifecycle)",
                "`all` carries plugin events in R2/R4", () -> {
                    try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
                        ws.call(1, "Controller.1.register", "{\"event\":\"all\",\"id\":\"x\"}", null);
                        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"method\":\"x.all\",\"params\":{\"callsign\":\"Demo\","
                                + "\"data\":{\"k\":1}}}", "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}"),
                                callAndBefore(ws, 2, "Demo.1.fire", "{\"payload\":{\"k\":1}}"));
                    }
                });
        c.deviation("CORS only for admitted pages (Thunder: * on every answer)", "CORS only for admitted callers",
                () -> {
                    assertNull(rpc.call("Demo.1.ping", null).allowOrigin());
                    assertEquals(PAGE, rpc.post("/jsonrpc", request("1", "Demo.1.ping", null), Map.of("Origin", PAGE))
                            .allowOrigin());
                });
        c.deviation("HTTP failures carry a JSON-RPC body (Thunder: none)", "HTTP failures carry a JSON-RPC body",
                () -> assertEquals(-32603, rpc.post("/jsonrpc/Nobody", "{\"id\":1,\"method\":\"1.ping\"}").json()
                        .path("error").path("code").asInt()));
    }
}
