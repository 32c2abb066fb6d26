package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Conformance rows of the Controller's system methods added for issue 16's rest (docs/controller-system.md), for
 * both profiles: delete, clone, destroy (R5), suspend/resume, hibernate, and the diagnostics (links, proxies,
 * processinfo R4, threads/pendingrequests/callstack/buildinfo R5). The persistent path is the conformance runtime's.
 */
final class ControllerSystemRows {

    private ControllerSystemRows() {
    }

    private static final String NULL_RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}";

    private static String privileged(boolean r5) {
        return r5 ? "Method invocation not allowed." : "method invocation not allowed.";
    }

    /** delete under {@code <persistentPath>/Controller/}: a file, a directory's contents, and what is refused. */
    static void deleteRows(Rpc rpc, Conformance c, boolean r5) {
        int errorStatus = r5 ? 200 : 202;
        Path dir = Path.of(System.getProperty(ThunderConformance.PERSISTENT), "Controller");
        c.row("delete: a file goes, a directory is emptied and stays; null", () -> {
            write(dir.resolve("cache/deep/f"));
            write(dir.resolve("x.txt"));
            assertEquals(NULL_RESULT, rpc.call("Controller.1.delete", "{\"path\":\"x.txt\"}").body());
            assertFalse(Files.exists(dir.resolve("x.txt")));
            assertEquals(NULL_RESULT, rpc.call("Controller.1.delete", "{\"path\":\"cache\"}").body());
            assertTrue(Files.isDirectory(dir.resolve("cache")));
            assertEquals(0, list(dir.resolve("cache")).size());
        });
        c.row("delete: nothing there 22; leaving the directory -32604", () -> {
            ThunderConformance.assertFails(rpc.call("Controller.1.delete", "{\"path\":\"no-such-file\"}"), errorStatus,
                    r5 ? -31022 : 22, "ERROR_UNKNOWN_KEY");
            ThunderConformance.assertFails(rpc.call("Controller.1.delete", "{\"path\":\"../PluginHost/override.json\"}"),
                    errorStatus, -32604, privileged(r5));
        });
        c.row("delete: a link on the way is refused (-32604), what it points to stays", () -> {
            Path outside = Path.of(System.getProperty(ThunderConformance.PERSISTENT), "outside");
            write(outside.resolve("victim"));
            try {
                Files.createSymbolicLink(dir.resolve("out"), outside);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ThunderConformance.assertFails(rpc.call("Controller.1.delete", "{\"path\":\"out/victim\"}"), errorStatus,
                    -32604, privileged(r5));
            assertEquals(NULL_RESULT, rpc.call("Controller.1.delete", "{\"path\":\"out\"}").body());
            assertTrue(Files.exists(outside.resolve("victim")));
        });
        if (r5) {
            c.row("delete: an empty path -32604; no path 30", () -> {
                ThunderConformance.assertFails(rpc.call("Controller.1.delete", "{\"path\":\"\"}"), 200, -32604,
                        privileged(true));
                ThunderConformance.assertFails(rpc.call("Controller.1.delete", null), 200, -31030, "ERROR_BAD_REQUEST");
            });
        } else {
            c.deviation("delete: an empty path is refused (-32604)", "delete refuses an empty path",
                    () -> ThunderConformance.assertFails(rpc.call("Controller.1.delete", "{\"path\":\"\"}"), 202,
                            -32604, privileged(false)));
        }
    }

    /**
     * clone: the new callsign (a string), deactivated, of the same class and configuration, served once activated;
     * R5 destroy removes it again; what both refuse.
     */
    static void cloneRows(Rpc rpc, Conformance c, boolean r5) {
        int errorStatus = r5 ? 200 : 202;
        c.row("clone: the new callsign, deactivated, same class and configuration, served when activated", () -> {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"DemoCopy\"}",
                    rpc.call("Controller.1.clone", "{\"callsign\":\"Demo\",\"newcallsign\":\"DemoCopy\"}").body());
            JsonNode copy = rpc.status("DemoCopy");
            assertEquals(r5 ? "Deactivated" : "deactivated", copy.path("state").asText());
            assertEquals("Demo", copy.path("classname").asText());
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"greeting\":\"hi\"}}",
                    rpc.call("Controller.1.configuration@DemoCopy", null).body());
            assertEquals(NULL_RESULT, rpc.call("Controller.1.activate", "{\"callsign\":\"DemoCopy\"}").body());
            assertEquals("pong", rpc.call("DemoCopy.1.ping", null).json().path("result").asText());
            assertEquals("pong", rpc.call("Demo.1.ping", null).json().path("result").asText());
        });
        c.row("clone onto an existing callsign: " + (r5 ? "29" : "the name again (same class), else 1"), () -> {
            Rpc.Response again = rpc.call("Controller.1.clone", "{\"callsign\":\"Demo\",\"newcallsign\":\"DemoCopy\"}");
            if (r5) {
                ThunderConformance.assertFails(again, 200, -31029, "ERROR_DUPLICATE_KEY");
            } else {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"DemoCopy\"}", again.body());
                ThunderConformance.assertFails(rpc.call("Controller.1.clone",
                        "{\"callsign\":\"Demo\",\"newcallsign\":\"Containers\"}"), 202, 1, "ERROR_GENERAL");
            }
        });
        c.row("clone of or onto the Controller, or an empty name: -32604; unknown: 22", () -> {
            for (String params : List.of("{\"callsign\":\"Controller\",\"newcallsign\":\"C2\"}",
                    "{\"callsign\":\"Demo\",\"newcallsign\":\"Controller\"}",
                    "{\"callsign\":\"Demo\",\"newcallsign\":\"\"}")) {
                ThunderConformance.assertFails(rpc.call("Controller.1.clone", params), errorStatus, -32604,
                        privileged(r5));
            }
            ThunderConformance.assertFails(rpc.call("Controller.1.clone",
                    "{\"callsign\":\"NoSuch\",\"newcallsign\":\"C2\"}"), errorStatus, r5 ? -31022 : 22,
                    "ERROR_UNKNOWN_KEY");
        });
        if (!r5) {
            c.row("destroy: not in R4.4 (-32601)", () -> ThunderConformance.assertFails(
                    rpc.call("Controller.1.destroy", "{\"callsign\":\"DemoCopy\"}"), 202, -32601, "Unknown method."));
            c.row("a clone is deactivated like any plugin", () -> assertEquals(NULL_RESULT,
                    rpc.call("Controller.1.deactivate", "{\"callsign\":\"DemoCopy\"}").body()));
            return;
        }
        c.row("destroy: its statechange before its null reply, then the callsign is unknown (22); Controller -32604;"
                + " unknown 22", () -> {
            try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
                ws.call(1, "Controller.1.register", "{\"event\":\"statechange\",\"id\":\"d\"}", null);
                List<String> messages = ThunderConformance.callAndBefore(ws, 2, "Controller.1.destroy",
                        "{\"callsign\":\"DemoCopy\"}");
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}", messages.get(messages.size() - 1));
                assertEquals(messages.toString(), List.of("{\"callsign\":\"DemoCopy\",\"state\":\"Deactivated\","
                        + "\"reason\":\"Requested\"}"), ThunderConformance.events(messages, "d.statechange").stream()
                        .map(JsonNode::toString).toList());
            }
            ThunderConformance.assertFails(rpc.call("Controller.1.status@DemoCopy", null), 200, -31022,
                    "ERROR_UNKNOWN_KEY");
            ThunderConformance.assertFails(rpc.call("DemoCopy.1.ping", null), 200, -31043,
                    "The service is not available.");
            ThunderConformance.assertFails(rpc.call("Controller.1.destroy", "{\"callsign\":\"Controller\"}"), 200,
                    -32604, privileged(true));
            ThunderConformance.assertFails(rpc.call("Controller.1.destroy", "{\"callsign\":\"DemoCopy\"}"), 200,
                    -31022, "ERROR_UNKNOWN_KEY");
        });
        c.deviation("clone: at most 32 clones at once, then 1", "clones are bounded", () -> {
            List<String> made = new ArrayList<>();
            try {
                for (int i = 0; i < 32; i++) {
                    String name = "Bound" + i;
                    assertEquals(200, rpc.call("Controller.1.clone",
                            "{\"callsign\":\"Demo\",\"newcallsign\":\"" + name + "\"}").status());
                    made.add(name);
                }
                ThunderConformance.assertFails(rpc.call("Controller.1.clone",
                        "{\"callsign\":\"Demo\",\"newcallsign\":\"Bound32\"}"), 200, -31001, "ERROR_GENERAL");
            } finally {
                for (String name : made) {
                    rpc.call("Controller.1.destroy", "{\"callsign\":\"" + name + "\"}");
                }
            }
        });
    }

    /**
     * The Controller's events: subsystemchange (both) and R5's statecontrolstatechange may be registered; R5's
     * versions lists the Controller's seven interfaces.
     */
    static void eventRows(Rpc rpc, Conformance c, boolean r5) {
        String registered = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + (r5 ? "null" : "0") + "}";
        for (String event : r5 ? List.of("subsystemchange", "statecontrolstatechange") : List.of("subsystemchange")) {
            c.row("register " + event + ": " + (r5 ? "null" : "0"), () -> {
                assertEquals(registered, rpc.call("Controller.1.register",
                        "{\"event\":\"" + event + "\",\"id\":\"rows\"}").body());
                rpc.call("Controller.1.unregister", "{\"event\":\"" + event + "\",\"id\":\"rows\"}");
            });
        }
        if (r5) {
            c.row("versions: the Controller's seven interfaces, 1.0.0 each", () -> {
                JsonNode versions = rpc.call("Controller.1.versions", null).json().path("result");
                List<String> names = new ArrayList<>();
                for (JsonNode v : versions) {
                    names.add(v.path("name").asText());
                    assertEquals("1.0.0", v.path("major").asInt() + "." + v.path("minor").asInt() + "."
                            + v.path("patch").asInt());
                }
                assertEquals(List.of("JConfiguration", "JDiscovery", "JSystem", "JLifeTime", "JMetadata", "JSubsystems",
                        "JEvents"), names);
            });
        }
    }

    /** suspend/resume (no plugin has IStateControl) and hibernate (every plugin runs in the JVM), as Thunder's. */
    static void stateControlRows(Rpc rpc, Conformance c, boolean r5) {
        int errorStatus = r5 ? 200 : 202;
        for (String name : List.of("suspend", "resume")) {
            c.row(name + ": a plugin without IStateControl " + (r5 ? "44" : "2") + "; Controller -32604; unknown 22",
                    () -> {
                        Rpc.Response r = rpc.call("Controller.1." + name, "{\"callsign\":\"Demo\"}");
                        if (r5) {
                            ThunderConformance.assertFails(r, 200, -31044, "The operation is not supported.");
                        } else {
                            ThunderConformance.assertFails(r, 202, 2, "ERROR_UNAVAILABLE");
                        }
                        ThunderConformance.assertFails(rpc.call("Controller.1." + name,
                                "{\"callsign\":\"Controller\"}"), errorStatus, -32604, privileged(r5));
                        ThunderConformance.assertFails(rpc.call("Controller.1." + name, "{\"callsign\":\"NoSuch\"}"),
                                errorStatus, r5 ? -31022 : 22, "ERROR_UNKNOWN_KEY");
                    });
        }
        c.row("hibernate: an in-process plugin 47; not activated 5; Controller 30", () -> {
            ThunderConformance.assertFails(rpc.call("Controller.1.hibernate",
                    "{\"callsign\":\"Demo\",\"timeout\":1000}"), errorStatus, r5 ? -31047 : 47, "ERROR_INPROC");
            ThunderConformance.assertFails(rpc.call("Controller.1.hibernate", "{\"callsign\":\""
                    + ThunderConformance.WAITING + "\",\"timeout\":1000}"), errorStatus, r5 ? -31005 : 5,
                    r5 ? "The service is in an illegal state." : "The service is in an illegal state!!!.");
            ThunderConformance.assertFails(rpc.call("Controller.1.hibernate",
                    "{\"callsign\":\"Controller\",\"timeout\":1000}"), errorStatus, r5 ? -31030 : -32603,
                    r5 ? "ERROR_BAD_REQUEST" : "Could not access requested service");
            if (r5) {
                ThunderConformance.assertFails(rpc.call("Controller.1.hibernate", "{\"callsign\":\"Demo\"}"), 200,
                        -31030, "ERROR_BAD_REQUEST");
            }
        });
    }

    /** links, proxies and the thread diagnostics of each release, with their member sets and types. */
    static void diagnosticRows(Rpc rpc, Conformance c, boolean r5) {
        int errorStatus = r5 ? 200 : 202;
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            ws.call(1, "Controller.1.subsystems", null, null); // a call on a worker thread
            c.deviation("links: this request (WebServer) and an open WebSocket, members in the release's order",
                    "links are connections of this host", () -> {
                JsonNode links = rpc.call("Controller.1.links", null).json().path("result");
                JsonNode server = find(links, "WebServer");
                JsonNode socket = find(links, "WebSocket");
                List<String> members = r5 ? List.of("remote", "state", "id", "activity")
                        : List.of("remote", "state", "activity", "id");
                assertEquals(members, Conformance.members(server));
                assertEquals(members, Conformance.members(socket));
                assertTrue(server.toString(), server.path("id").isIntegralNumber()
                        && server.path("activity").isBoolean());
                assertTrue(server.toString(), r5 ? server.path("remote").asText().matches("127\\.0\\.0\\.1@\\d+")
                        : server.path("remote").asText().equals("127.0.0.1"));
            });
            c.row("proxies: none" + (r5 ? "; proxies@<link> [] and an unknown link 22" : ""), () -> {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[]}",
                        rpc.call("Controller.1.proxies", null).body());
                if (r5) {
                    long id = find(rpc.call("Controller.1.links", null).json().path("result"), "WebSocket")
                            .path("id").asLong();
                    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[]}",
                            rpc.call("Controller.1.proxies@" + id, null).body());
                    ThunderConformance.assertFails(rpc.call("Controller.1.proxies@999999", null), 200, -31022,
                            "ERROR_UNKNOWN_KEY");
                }
            });
            if (r5) {
                r5Diagnostics(rpc, c);
            } else {
                r4Diagnostics(rpc, c);
            }
        }
        c.row("callstack without an index: 30", () -> ThunderConformance.assertFails(
                rpc.call("Controller.1.callstack", null), errorStatus, r5 ? -31030 : -32603,
                r5 ? "ERROR_BAD_REQUEST" : "Could not access requested service"));
    }

    private static void r4Diagnostics(Rpc rpc, Conformance c) {
        c.row("processinfo: {threads:[{id, job?, runs}]}", () -> {
            JsonNode info = rpc.call("Controller.1.processinfo", null).json().path("result");
            assertTrue(info.toString(), info.path("threads").isArray() && info.path("threads").size() > 0);
            for (JsonNode t : info.path("threads")) {
                assertTrue(t.toString(), t.path("id").asText().matches("0x[0-9a-f]+") && t.path("runs").isIntegralNumber());
                assertTrue(t.toString(), List.of(List.of("id", "runs"), List.of("id", "job", "runs"))
                        .contains(Conformance.members(t)));
            }
        });
        c.row("callstack@0: never answers in R4.4 (22)", () -> ThunderConformance.assertFails(
                rpc.call("Controller.1.callstack@0", null), 202, 22, "ERROR_UNKNOWN_KEY"));
        for (String name : List.of("threads", "pendingrequests", "buildinfo")) {
            c.row(name + ": not in R4.4 (-32601)", () -> ThunderConformance.assertFails(
                    rpc.call("Controller.1." + name, null), 202, -32601, "Unknown method."));
        }
    }

    private static void r5Diagnostics(Rpc rpc, Conformance c) {
        c.row("threads: [{id, job, runs}]; pendingrequests: [string]", () -> {
            JsonNode threads = rpc.call("Controller.1.threads", null).json().path("result");
            assertTrue(threads.toString(), threads.isArray() && threads.size() > 0);
            for (JsonNode t : threads) {
                assertEquals(List.of("id", "job", "runs"), Conformance.members(t));
                assertTrue(t.toString(), t.path("id").asText().matches("0x[0-9a-f]+") && t.path("job").isTextual()
                        && t.path("runs").isIntegralNumber());
            }
            assertTrue(rpc.call("Controller.1.pendingrequests", null).json().path("result").isArray());
        });
        c.deviation("callstack@0: [{address, module, function?, line?}]; @300 30; a thread that is not there 22",
                "diagnostics are this JVM's", () -> {
            JsonNode frames = rpc.call("Controller.1.callstack@0", null).json().path("result");
            assertTrue(frames.toString(), frames.isArray() && frames.size() > 0);
            for (JsonNode f : frames) {
                assertTrue(f.toString(), f.path("address").asText().startsWith("0x") && f.path("module").isTextual());
            }
            ThunderConformance.assertFails(rpc.call("Controller.1.callstack@300", null), 200, -31030,
                    "ERROR_BAD_REQUEST");
            ThunderConformance.assertFails(rpc.call("Controller.1.callstack@250", null), 200, -31022,
                    "ERROR_UNKNOWN_KEY");
        });
        c.row("buildinfo: R5.3's members and types", () -> {
            JsonNode b = rpc.call("Controller.1.buildinfo", null).json().path("result");
            assertEquals(List.of("systemtype", "buildtype", "messaging", "exceptioncatching", "deadlockdetection",
                    "wcharsupport", "instanceidbits", "threadpoolcount", "comrpctimeout"), Conformance.members(b));
            assertEquals("Linux", b.path("systemtype").asText());
            assertEquals("Release", b.path("buildtype").asText());
            assertTrue(b.toString(), b.path("messaging").isBoolean() && b.path("instanceidbits").isIntegralNumber()
                    && b.path("threadpoolcount").asInt() > 0 && b.path("comrpctimeout").isIntegralNumber());
        });
        c.row("processinfo: not in R5.3 (-32601)", () -> ThunderConformance.assertFails(
                rpc.call("Controller.1.processinfo", null), 200, -32601, "Unknown method."));
    }

    private static JsonNode find(JsonNode links, String state) {
        for (JsonNode l : links) {
            if (state.equals(l.path("state").asText())) {
                return l;
            }
        }
        throw new AssertionError("no " + state + " link in " + links);
    }

    private static void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
