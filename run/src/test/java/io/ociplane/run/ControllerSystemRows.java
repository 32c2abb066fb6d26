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
 * both profiles: delete, clone, destroy (R5), subsystemchange. The persistent path is the conformance runtime's.
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
        c.row("destroy: null, then the callsign is unknown (22); Controller -32604; unknown 22", () -> {
            assertEquals(NULL_RESULT, rpc.call("Controller.1.destroy", "{\"callsign\":\"DemoCopy\"}").body());
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
