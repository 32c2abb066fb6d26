package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * What the conformance tests of both profiles share ({@link ThunderR4ConformanceIT}, {@link ThunderR5ConformanceIT}):
 * the runtime they boot (Controller, the demo plugin, org.rdk.OCIContainer and Containers over the in-memory
 * provider, a page origin that may call), the order in which a profile's rows are replayed, the rows both releases
 * answer alike, and the requests the rows send, over real HTTP and WebSocket.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class ThunderConformance {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String OCI = "org.rdk.OCIContainer";
    /** A browser page the runtime admits (allowedOrigins): its answers carry a CORS grant. */
    static final String PAGE = "http://ui.example";
    /** The shipped plugin file of OCIContainer without its configuration (a plugin that has none). */
    static final String OCI_FILE = "{\"callsign\":\"" + OCI + "\",\"locator\":\"io.ociplane.ocicontainer-plugin\","
            + "\"classname\":\"OCIContainer\",\"autostart\":true,\"precondition\":[\"Platform\"]}";

    private final String profile;
    private final boolean r5;

    /** @param profile the host's profile, R4 or R5, replayed against the Thunder release it follows */
    ThunderConformance(String profile) {
        this.profile = profile;
        this.r5 = "R5".equals(profile);
    }

    @Configuration
    public Option[] config() {
        return runtime(profile);
    }

    /** Every row of the profile, all of them replayed even when one fails, and then what failed. */
    @Test
    public void answersAsThunder() {
        Rpc rpc = rpc();
        Conformance c = new Conformance(profile);
        table(rpc, c);
        idRows(rpc, c);
        systemRows(rpc, c, r5);
        subsystemRows(rpc, c, r5);
        metadataRows(rpc, c, r5);
        olderWireTests(rpc, c);
        inactiveRow(rpc, c, r5);
        deviations(rpc, c);
        sharedDeviations(rpc, c);
        c.assertAllHeld();
    }

    /** The release's rows of issue 16's table that differ between the releases. */
    abstract void table(Rpc rpc, Conformance c);

    /** What the profile's older wire tests expect. */
    abstract void olderWireTests(Rpc rpc, Conformance c);

    /** The profile's own deliberate deviations. */
    abstract void deviations(Rpc rpc, Conformance c);

    /**
     * The Controller's own element of {@code Controller.1.status} (an array in both releases): exactly these
     * members, in this order, and those named in {@code values} (a JSON object) with exactly those values.
     */
    static void controllerRow(Rpc rpc, Conformance c, List<String> members, String values) {
        c.row("status: the Controller's own entry", () -> {
            JsonNode all = rpc.call("Controller.1.status", null).json().path("result");
            assertTrue(all.toString(), all.isArray());
            JsonNode controller = null;
            for (JsonNode e : all) {
                if ("Controller".equals(e.path("callsign").asText())) {
                    controller = e;
                }
            }
            assertNotNull("no Controller in " + all, controller);
            assertEquals(members, Conformance.members(controller));
            for (Map.Entry<String, JsonNode> value : Json.tree(values).properties()) {
                assertEquals(value.getKey(), value.getValue(), controller.get(value.getKey()));
            }
        });
    }

    /**
     * Demo deactivated, then activated, over a socket that registered statechange as "s": each change's statechange,
     * then its all (with as "a", in the release's form), then the reply.
     */
    void lifecycleRow(WsClient ws, Conformance c) {
        ws.call(2, "Controller.1.register", "{\"event\":\"all\",\"id\":\"a\"}", null);
        List<List<String>> cycle = cycleDemo(ws, 3);
        c.row("activate/deactivate: statechange, then all, then the reply", () -> {
            assertEquals(lifecycleMessages("Deactivated", 3), cycle.get(0));
            assertEquals(lifecycleMessages("Activated", 4), cycle.get(1));
        });
    }

    private List<String> lifecycleMessages(String state, int replyId) {
        String change = "{\"state\":\"" + state.toLowerCase(Locale.ROOT) + "\",\"reason\":\"Requested\"}";
        String all = r5 ? "{\"event\":\"statechange\",\"callsign\":\"Demo\",\"params\":" + change + "}"
                : "{\"callsign\":\"Demo\",\"data\":" + change + "}";
        return List.of("{\"jsonrpc\":\"2.0\",\"method\":\"s.statechange\",\"params\":{\"callsign\":\"Demo\","
                + "\"state\":\"" + state + "\",\"reason\":\"Requested\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"a.all\",\"params\":" + all + "}",
                "{\"jsonrpc\":\"2.0\",\"id\":" + replyId + ",\"result\":null}");
    }

    /** Ids as both releases read them: null is answered as 0. */
    private static void idRows(Rpc rpc, Conformance c) {
        c.row("\"id\":null is answered with \"id\":0", () -> assertEquals(
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":\"pong\"}",
                rpc.post(request("null", "Demo.1.ping", null)).body()));
    }

    /** A call to a plugin that is deactivated: the release's code and text, and the state it shows. */
    private static void inactiveRow(Rpc rpc, Conformance c, boolean r5) {
        int code = r5 ? -31002 : 2;
        String message = r5 ? "The service is not active." : "Service is not active";
        c.row("a plugin that is not active: " + code + " " + message, () -> {
            rpc.call("Controller.1.deactivate", "{\"callsign\":\"Demo\"}");
            try {
                assertFails(rpc.call("Demo.1.ping", null), r5 ? 200 : 202, code, message);
                assertEquals(r5 ? "Deactivated" : "deactivated", rpc.status("Demo").path("state").asText());
            } finally {
                rpc.call("Controller.1.activate", "{\"callsign\":\"Demo\"}");
            }
        });
    }

    /** Deviations of both profiles, listed once in the README. */
    private static void sharedDeviations(Rpc rpc, Conformance c) {
        c.deviation("\"id\":\"7\" is echoed as \"7\" (Thunder: 7)", "String ids are echoed as sent",
                () -> assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"result\":\"pong\"}",
                        rpc.post(request("\"7\"", "Demo.1.ping", null)).body()));
        c.deviation("failures carry a data member", "Failures carry `data`", () -> assertEquals(
                "'Demo' has no method 'nope'", rpc.call("Demo.1.nope", null).json().path("error").path("data").asText()));
        c.deviation("status elements say why a plugin that is up cannot serve", "`note` in status elements",
                () -> assertEquals("container provider: memory", rpc.status(OCI).path("note").asText()));
    }

    static Option[] runtime(String profile) {
        Path containers = RuntimeOptions.tempDir("conformance-containers");
        String containersFile = "{\"callsign\":\"Containers\",\"locator\":\"io.ociplane.containers-compat\","
                + "\"classname\":\"Containers\",\"autostart\":true,\"configuration\":{\"containerPaths\":[\""
                + containers + "\"]}}";
        return RuntimeOptions.runtime(profile, Set.of(), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi"),
                OCI, OCI_FILE, "Containers", containersFile, WAITING, WAITING_FILE),
                systemProperty("io.ociplane.jsonrpc.allowedOrigins").value(PAGE),
                systemProperty(PERSISTENT).value(RuntimeOptions.tempDir("conformance-persistent").toString()));
    }

    static final String PERSISTENT = "io.ociplane.jsonrpc.persistentPath";
    /** A demo plugin whose precondition never holds here (Platform is active from the start). */
    static final String WAITING = "Waiting";
    static final String WAITING_FILE = "{\"callsign\":\"Waiting\",\"locator\":\"io.ociplane.demo-plugin\","
            + "\"classname\":\"Demo\",\"autostart\":true,\"precondition\":[\"!Platform\"]}";

    /** environment@VAR and version (R5 also framework), with the release's numbers. */
    static void metadataRows(Rpc rpc, Conformance c, boolean r5) {
        int errorStatus = r5 ? 200 : 202;
        c.row("environment@HOME: a string; unset 22; no index 30", () -> {
            JsonNode home = rpc.call("Controller.1.environment@HOME", null).json().path("result");
            assertTrue(home.toString(), home.isTextual());
            assertEquals(System.getenv("HOME"), home.textValue());
            assertFails(rpc.call("Controller.1.environment@NO_SUCH_VARIABLE_16", null), errorStatus, r5 ? -31022 : 22,
                    "ERROR_UNKNOWN_KEY");
            assertFails(rpc.call("Controller.1.environment", null), errorStatus, r5 ? -31030 : -32603,
                    r5 ? "ERROR_BAD_REQUEST" : "Could not access requested service");
        });
        for (String name : r5 ? List.of("version", "framework") : List.of("version")) {
            c.row(name + ": {hash, major, minor, patch} of the release", () -> {
                JsonNode v = rpc.call("Controller.1." + name, null).json().path("result");
                assertEquals(List.of("hash", "major", "minor", "patch"), Conformance.members(v));
                assertEquals(r5 ? "5.3.0" : "4.4.7", v.path("major").asInt() + "." + v.path("minor").asInt() + "."
                        + v.path("patch").asInt());
            });
        }
    }

    /** subsystems: Thunder's list of the release, all active (none is driven from outside); preconditions hold. */
    static void subsystemRows(Rpc rpc, Conformance c, boolean r5) {
        c.row("subsystems: " + (r5 ? 15 : 14) + " {subsystem, active}, all active", () -> {
            JsonNode all = rpc.call("Controller.1.subsystems", null).json().path("result");
            assertEquals(all.toString(), r5 ? 15 : 14, all.size());
            assertEquals(List.of("subsystem", "active"), Conformance.members(all.path(0)));
            assertEquals("{\"subsystem\":\"Platform\",\"active\":true}", all.path(0).toString());
            assertEquals(r5 ? "Cryptography" : "Installation", all.path(13).path("subsystem").asText());
            for (JsonNode s : all) {
                assertTrue(s.toString(), s.path("active").asBoolean());
            }
        });
        c.row("a plugin whose precondition does not hold waits in Precondition; activate is 31", () -> {
            assertEquals(r5 ? "Precondition" : "precondition", rpc.status(WAITING).path("state").asText());
            assertFails(rpc.call("Controller.1.activate", "{\"callsign\":\"" + WAITING + "\"}"), r5 ? 200 : 202,
                    r5 ? -31031 : 31, "ERROR_PENDING_CONDITIONS");
            assertEquals(r5 ? "Precondition" : "precondition", rpc.status(WAITING).path("state").asText());
        });
    }

    /**
     * ThunderUI's Controller page beyond status and activation: persist (storeconfig) writes Thunder's override
     * file, reboot (harakiri) is refused while the host does not allow it, startdiscovery sends and
     * discoveryresults lists (nothing answers Thunder's probe group here).
     */
    static void systemRows(Rpc rpc, Conformance c, boolean r5) {
        int errorStatus = r5 ? 200 : 202;
        for (String name : List.of("persist", "storeconfig")) {
            Runnable persists = () -> {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                        rpc.call("Controller.1." + name, null).body());
                Path file = Path.of(System.getProperty(PERSISTENT), "PluginHost", "override.json");
                JsonNode written = readJson(file);
                assertEquals(List.of("Services", "prefix", "idletime"), Conformance.members(written));
                assertEquals(List.of("configuration", "systemrootpath", r5 ? "startmode" : "startup", "resumed"),
                        Conformance.members(written.path("Services").path("Demo")));
                assertEquals("{\"greeting\":\"hi\"}",
                        written.path("Services").path("Demo").path("configuration").toString());
            };
            String row = name + ": null, and the override file with Thunder's members";
            if (r5) {
                c.row(row, persists);
            } else {
                c.deviation(row, "persist writes in R4", persists); // an R4.4 release build answers 2
            }
        }
        for (String name : List.of("reboot", "harakiri")) {
            c.deviation(name + " refused unless the host allows it: -32604", "reboot stops the runtime, if allowed",
                    () -> assertFails(rpc.call("Controller.1." + name, null), errorStatus, -32604,
                            r5 ? "Method invocation not allowed." : "method invocation not allowed."));
        }
        c.row("startdiscovery: null; discoveryresults: an array", () -> {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                    rpc.call("Controller.1.startdiscovery", "{\"ttl\":1}").body());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[]}",
                    rpc.call("Controller.1.discoveryresults", null).body());
        });
        c.row("startdiscovery ttl 0: " + (r5 ? "refused (30)" : "the configured ttl"), () -> {
            if (r5) {
                assertFails(rpc.call("Controller.1.startdiscovery", "{\"ttl\":0}"), 200, -31030, "ERROR_BAD_REQUEST");
            } else {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                        rpc.call("Controller.1.startdiscovery", "{\"ttl\":0}").body());
            }
        });
    }

    static JsonNode readJson(Path file) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A client once every plugin answers. */
    static Rpc rpc() {
        Rpc rpc = new Rpc();
        for (String method : List.of("Demo.1.ping", OCI + ".1.listContainers", "Containers.1.containers")) {
            Rpc.await(method + " answers", WAIT, () -> rpc.call(method, null).status() == 200);
        }
        return rpc;
    }

    /** A request with an id of any JSON form. */
    static String request(String idJson, String method, String params) {
        return "{\"jsonrpc\":\"2.0\"" + (idJson == null ? "" : ",\"id\":" + idJson) + ",\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    /** Sends a call on the socket and returns the messages that came before its reply, then the reply. */
    static List<String> callAndBefore(WsClient ws, int id, String method, String params) {
        List<String> messages = new ArrayList<>();
        String reply = ws.call(id, method, params, messages);
        messages.add(reply);
        return messages;
    }

    /** The event {@code <clientId>.<event>} a list holds, by params, in order. */
    static List<JsonNode> events(List<String> messages, String method) {
        List<JsonNode> out = new ArrayList<>();
        for (String m : messages) {
            JsonNode json = Json.tree(m);
            if (method.equals(json.path("method").asText()) && !json.has("id")) {
                out.add(json.path("params"));
            }
        }
        return out;
    }

    /** Deactivates and activates Demo over the socket; returns what came before each reply and the reply. */
    static List<List<String>> cycleDemo(WsClient ws, int firstId) {
        List<String> off = callAndBefore(ws, firstId, "Controller.1.deactivate", "{\"callsign\":\"Demo\"}");
        List<String> on = callAndBefore(ws, firstId + 1, "Controller.1.activate", "{\"callsign\":\"Demo\"}");
        return List.of(off, on);
    }

    /** The last message is the reply to the call with that id, and it succeeded. */
    static void assertReplied(List<String> messages, int id) {
        JsonNode reply = Json.tree(messages.get(messages.size() - 1));
        assertEquals(messages.toString(), id, reply.path("id").asInt());
        assertTrue(messages.toString(), reply.has("result"));
    }

    /** The response of a call that must fail: its HTTP status and the error without our data. */
    static void assertFails(Rpc.Response r, int status, int code, String message) {
        assertEquals(r.body(), status, r.status());
        assertEquals(r.body(), Conformance.err(code, message), Conformance.error(r));
    }
}
