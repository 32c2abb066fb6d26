package io.ociplane.oci.dobby.server;

import static io.ociplane.testing.dobby.RawCaller.first;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.messages.Error;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodReturn;
import org.freedesktop.dbus.types.UInt32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.osgi.util.converter.Converters;

import io.ociplane.oci.dobby.bus.DBusErrors;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.bus.BusValues;
import io.ociplane.testing.junit.PrivateBusPerClass;
import io.ociplane.testing.dobby.RawCaller;
import io.ociplane.testing.dobby.BusMessages;
import io.ociplane.testing.dobby.BusMonitor;
import io.ociplane.oci.memory.InMemoryRuntime;

/**
 * The Dobby-compatible service on the bus, called as Dobby's own clients (and broken ones) call it: signatures,
 * failure values, descriptor sequence, id rules, signal order. Backed by the in-memory provider; DobbyOverRuncTest
 * checks what involves real containers (signal order and stop statuses, exec) against the runc provider.
 */
class DobbyServerBusTest {

    private static final long WAIT = 10_000;
    private static final List<Object> NO_FDS = List.of();
    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    private final InMemoryRuntime memory = new InMemoryRuntime();
    private DobbyServer server;
    private BusMonitor monitor;
    private RawCaller raw;

    /** The service on the test's bus with these attributes and the defaults for the others, made as DS makes it. */
    private static DobbyServerConfig config(Map<String, Object> attributes) {
        Map<String, Object> all = new HashMap<>(attributes);
        all.put("busAddress", BUS.address());
        return Converters.standardConverter().convert(all).to(DobbyServerConfig.class);
    }

    private void serve(Map<String, Object> attributes) throws Exception {
        monitor = BusMonitor.on(BUS.address());
        server = new DobbyServer(memory, config(attributes));
        server.start();
        assertTrue(server.awaitServing(Duration.ofMillis(WAIT)), "server did not come up");
        raw = new RawCaller(BUS.address(), DobbyNames.RDK);
    }

    private void serve() throws Exception {
        serve(Map.of());
    }

    @AfterEach
    void stopAll() {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private int startBundle(String id) throws Exception {
        return (Integer) first(raw.ctrl("StartFromBundle", "ssahssas", id, "/bundles/" + id, NO_FDS, "", "",
                List.of()));
    }

    @Test
    void readyIsSignalledByTheNewOwnerAfterItTookTheName() throws Exception {
        serve();
        Message owned = monitor.next(BusMessages.ownerChange("org.rdk.dobby", false), WAIT);
        assertNotNull(owned);
        String owner = (String) BusMessages.args(owned)[2];
        Message ready = monitor.next(BusMessages.signal("Ready"), WAIT);
        assertNotNull(ready);
        assertEquals(owner, ready.getSource());
        assertEquals("org.rdk.dobby.admin1", ready.getInterface());
        assertEquals("/org/rdk/dobby", ready.getPath());
        assertNull(ready.getSig());
    }

    @Test
    void theConnectionThatTakesTheNameIsToldBeforeAndReleasedWhenTheServiceCloses() throws Exception {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        monitor = BusMonitor.on(BUS.address());
        server = new DobbyServer(memory, config(Map.of()), new DobbyServer.Serving() {
            @Override
            public void claiming(String uniqueName) {
                told.add("claiming " + uniqueName);
            }

            @Override
            public void released() {
                told.add("released");
            }
        });
        server.start();
        assertTrue(server.awaitServing(Duration.ofMillis(WAIT)), "server did not come up");
        Message owned = monitor.next(BusMessages.ownerChange("org.rdk.dobby", false), WAIT);
        assertEquals(List.of("claiming " + BusMessages.args(owned)[2]), told, "told before the name was taken");
        server.close();
        assertEquals("released", told.get(told.size() - 1));
    }

    @Test
    void descriptorsFollowDobbysSequenceForEveryStartForm() throws Exception {
        serve();
        assertEquals(734, first(raw.ctrl("StartFromBundle", "ssah", "b3", "/bundles/b3", NO_FDS)));
        assertEquals(879, startBundle("b6"));
        assertEquals(439, first(raw.ctrl("StartFromBundle", "ssahssasuu", "b8", "/bundles/b8", NO_FDS, "", "",
                List.of(), new UInt32(1000), new UInt32(1000))));
        assertEquals(731, first(raw.ctrl("StartFromSpec", "ssah", "s3", "{}", NO_FDS)));
        assertEquals(365, first(raw.ctrl("Start", "ssahssas", "s6", "{}", NO_FDS, "", "", List.of())));
        assertEquals(List.of("startFromBundle b3 /bundles/b3 null null", "startFromBundle b6 /bundles/b6 null null",
                "startFromBundle b8 /bundles/b8 null null", "startFromSpec s3 {} null", "startFromSpec s6 {} null"),
                memory.calls().stream().filter(c -> c.startsWith("start")).toList());
    }

    @Test
    void invalidAndDuplicateIdsGetMinusOneWithoutTakingADescriptor() throws Exception {
        serve();
        for (String bad : List.of("", "bad id/x", "1234", "a..b", "x".repeat(129), "caf\u00e9")) {
            assertEquals(-1, startBundle(bad), "id '" + bad + "'");
        }
        assertEquals(734, startBundle("dup"));
        assertEquals(-1, startBundle("dup"));
        assertEquals(879, startBundle("next"));
    }

    @Test
    void startedIsSignalledBeforeTheReplyThatCarriesTheDescriptor() throws Exception {
        serve();
        monitor.clear();
        int cd = startBundle("early");
        long serial = raw.lastSerial();
        List<Message> seen = monitor.until(BusMessages.replyTo(serial).or(BusMessages.signal("Started"))
                .or(m -> "StartFromBundle".equals(m.getName())), BusMessages.replyTo(serial), WAIT);
        List<String> described = seen.stream().map(BusMessages::describe).toList();
        assertEquals(List.of("call StartFromBundle [early, /bundles/early, [], , , []]",
                "signal Started [" + cd + ", early]", "return i [" + cd + "]"), described);
    }

    @Test
    void stopRepliesFirstThenStoppedWithStatusThenStopped() throws Exception {
        serve();
        int cd = startBundle("victim");
        monitor.clear();
        assertEquals(true, first(raw.ctrl("Stop", "ib", cd, false)));
        long stopSerial = raw.lastSerial();
        List<Message> seen = monitor.until(BusMessages.replyTo(stopSerial).or(BusMessages.signal("StoppedWithStatus"))
                .or(BusMessages.signal("Stopped")), BusMessages.signal("Stopped"), WAIT);
        assertEquals(List.of("return b [true]", "signal StoppedWithStatus [" + cd + ", victim, 15]",
                "signal Stopped [" + cd + ", victim]"), seen.stream().map(BusMessages::describe).toList());

        int forced = startBundle("forced");
        assertEquals(true, first(raw.ctrl("Stop", "ib", forced, true)));
        Message status = monitor.next(BusMessages.signal("StoppedWithStatus"), WAIT);
        assertArrayEquals(new Object[] {forced, "forced", 9}, BusMessages.args(status));
        assertEquals(0, first(raw.ctrl("GetState", "i", cd)), "a stopped container's state is 0");
    }

    @Test
    void aContainerThatExitsByItselfIsSignalledWithItsWaitStatus() throws Exception {
        serve();
        int cd = startBundle("quitter");
        memory.exit("quitter", 3 << 8);
        assertArrayEquals(new Object[] {cd, "quitter", 768}, BusMessages.args(monitor.next(BusMessages.signal("StoppedWithStatus"),
                WAIT)));
        assertArrayEquals(new Object[] {cd, "quitter"}, BusMessages.args(monitor.next(BusMessages.signal("Stopped"), WAIT)));
    }

    @Test
    void wrongSignaturesGetTheFailureValueNotAnError() throws Exception {
        serve();
        int cd = startBundle("strict");
        assertEquals(false, first(raw.ctrl("Stop", "i", cd)), "Stop with one argument");
        assertEquals(false, first(raw.ctrl("Stop", "ibs", cd, false, "x")), "Stop with three");
        assertEquals(false, first(raw.ctrl("Stop", "ii", cd, 0)), "no widening of i to b");
        assertEquals(-1, first(raw.ctrl("StartFromBundle", "ss", "x1", "/b")));
        assertEquals(-1, first(raw.ctrl("StartFromBundle", "ssahssasii", "x2", "/b", NO_FDS, "", "", List.of(),
                1000, 1000)), "int uid/gid are not uint");
        assertEquals(-1, first(raw.ctrl("GetState", null)));
        assertEquals(-1, first(raw.ctrl("GetState", "u", new UInt32(cd))));
        Message info = raw.ctrl("GetInfo", null);
        assertEquals("b", info.getSig(), "GetInfo's argument error replies b true");
        assertEquals(true, first(info));
        for (String method : List.of("Pause", "Resume", "Wakeup")) {
            assertEquals(false, first(raw.ctrl(method, "s", "x")), method);
        }
        assertEquals(false, first(raw.ctrl("Exec", "isss", cd, "", "ls", "x")));
        assertEquals(false, first(raw.ctrl("Mount", "issas", cd, "/a", "/b", List.of("bind"))));
        assertEquals(2, first(raw.ctrl("GetState", "i", cd)), "the container is untouched");
        assertEquals(true, first(raw.ctrl("Stop", "idb", cd, 1.5, false)), "a double is skipped, so idb reads as ib");
    }

    @Test
    void failureValuesForUnknownDescriptors() throws Exception {
        serve();
        assertEquals(0, first(raw.ctrl("GetState", "i", 9999)));
        Message info = raw.ctrl("GetInfo", "i", 9999);
        assertEquals("s", info.getSig());
        assertEquals("", first(info));
        assertEquals(false, first(raw.ctrl("Stop", "ib", 9999, true)));
        for (String method : List.of("Pause", "Resume", "Wakeup")) {
            assertEquals(false, first(raw.ctrl(method, "i", 9999)), method);
        }
        assertEquals(false, first(raw.ctrl("Hibernate", "is", 9999, "")));
        assertEquals(false, first(raw.ctrl("Exec", "iss", 9999, "", "ls")));
        assertEquals(false, first(raw.ctrl("Mount", "issass", 9999, "/a", "/b", List.of("bind"), "")));
        assertEquals(false, first(raw.ctrl("Unmount", "is", 9999, "/b")));
        assertEquals(false, first(raw.ctrl("Annotate", "iss", 9999, "k", "v")));
        assertEquals(false, first(raw.ctrl("RemoveAnnotation", "is", 9999, "k")));
    }

    @Test
    void stateChangesAndRefusalsOfAKnownContainer() throws Exception {
        serve();
        int cd = startBundle("life");
        assertEquals(true, first(raw.ctrl("Pause", "i", cd)));
        assertEquals(4, first(raw.ctrl("GetState", "i", cd)));
        assertEquals(false, first(raw.ctrl("Pause", "i", cd)), "already paused");
        assertEquals(false, first(raw.ctrl("Stop", "ib", cd, false)), "paused: only a forced stop");
        assertEquals(true, first(raw.ctrl("Resume", "i", cd)));
        assertEquals(false, first(raw.ctrl("Resume", "i", cd)), "running");
        assertEquals(true, first(raw.ctrl("Exec", "iss", cd, "--cwd /", "touch /tmp/x")));
        assertTrue(memory.calls().contains("exec life [--cwd /] [touch /tmp/x]"), "options before command");
        assertEquals(false, first(raw.ctrl("Mount", "issass", cd, "/a", "/b", List.of("ro"), "")), "needs bind");
        assertEquals(true, first(raw.ctrl("Mount", "issass", cd, "/a", "/b", List.of("bind", "ro"), "")));
        assertEquals(true, first(raw.ctrl("Unmount", "is", cd, "/b")));
        assertEquals(true, first(raw.ctrl("Annotate", "iss", cd, "mykey", "myvalue")));
        String info = (String) first(raw.ctrl("GetInfo", "i", cd));
        assertTrue(info.contains("\"mykey\" : \"myvalue\""), "jsoncpp's layout, as Dobby's L2 test matches it: " + info);
        assertEquals(true, first(raw.ctrl("RemoveAnnotation", "is", cd, "mykey")));
        assertEquals(false, first(raw.ctrl("RemoveAnnotation", "is", cd, "mykey")), "key no longer there");
        assertEquals(true, first(raw.ctrl("Hibernate", "is", cd, "dest=/tmp/d")));
        assertNotNull(monitor.next(BusMessages.signal("Hibernated"), WAIT));
        assertEquals(6, first(raw.ctrl("GetState", "i", cd)));
        assertEquals(true, first(raw.ctrl("Wakeup", "i", cd)));
        assertNotNull(monitor.next(BusMessages.signal("Awoken"), WAIT));
    }

    @Test
    void listIsTwoParallelArraysSortedById() throws Exception {
        serve();
        Message empty = raw.ctrl("List", null);
        assertEquals("aias", empty.getSig());
        int zeta = startBundle("zeta");
        int alpha = startBundle("alpha");
        int mid = startBundle("Mid");
        Message list = raw.ctrl("List", "s", "arguments are ignored");
        Object[] body = BusMessages.args(list);
        assertEquals(List.of(mid, alpha, zeta), BusValues.ints(body[0]), "byte order: upper case first");
        assertEquals(List.of("Mid", "alpha", "zeta"), BusValues.strings(body[1]));
    }

    @Test
    void adminMethods() throws Exception {
        serve();
        Message ping = raw.admin("Ping", "s", "ignored");
        assertInstanceOf(MethodReturn.class, ping);
        assertNull(ping.getSig(), "an empty body");
        assertEquals(true, first(raw.admin("SetLogLevel", "i", 4)));
        assertEquals(false, first(raw.admin("SetLogLevel", "s", "INFO")));
        assertEquals(false, first(raw.admin("SetLogMethod", "u", new UInt32(1))), "DobbyProxy's one-argument bug");
        assertEquals(true, first(raw.admin("SetLogMethod", "us", new UInt32(1), "")));
        assertEquals(false, first(raw.admin("SetLogMethod", "us", new UInt32(2), "")), "ETHANLOG needs an fd");
        assertEquals(false, first(raw.admin("SetLogMethod", "us", new UInt32(7), "")));
        assertEquals(true, first(raw.admin("SetAIDbusAddress", "bs", true, "unix:path=/x")));
    }

    @Test
    void whatHasNoHandlerGetsTheErrorsOfTheRealDaemon() throws Exception {
        serve();
        Message unknown = raw.ctrl("NoSuchMethod", null);
        assertInstanceOf(Error.class, unknown);
        assertEquals(DBusErrors.UNKNOWN_METHOD, unknown.getName());
        assertEquals("No handler for method org.rdk.dobby.ctrl1.NoSuchMethod", first(unknown));
        Message introspect = raw.call("/org/rdk/dobby", "org.freedesktop.DBus.Introspectable", "Introspect", null);
        assertEquals(DBusErrors.UNKNOWN_METHOD, introspect.getName());
        assertEquals("No handler for method org.freedesktop.DBus.Introspectable.Introspect", first(introspect));
        Message otherPath = raw.call("/other", "org.rdk.dobby.ctrl1", "List", null);
        assertEquals(DBusErrors.UNKNOWN_OBJECT, otherPath.getName());
        assertEquals("Unknown object '/other'.", first(otherPath));
    }

    @Test
    void buildFlagsDecideTheMethodSet() throws Exception {
        serve(Map.of("legacyComponents", false, "prodBuild", false));
        assertEquals(DBusErrors.UNKNOWN_METHOD, raw.ctrl("StartFromSpec", "ssah", "s", "{}", NO_FDS).getName());
        assertEquals(734, first(raw.ctrl("Start", "ssah", "b", "/bundles/b", NO_FDS)), "Start is StartFromBundle");
        stopAll();
        serve(Map.of("legacyComponents", false, "prodBuild", true));
        assertEquals(DBusErrors.UNKNOWN_METHOD, raw.ctrl("StartFromBundle", "ssah", "p", "/p", NO_FDS).getName());
        assertEquals(DBusErrors.UNKNOWN_METHOD, raw.ctrl("Start", "ssah", "p", "/p", NO_FDS).getName());
        assertEquals(false, first(raw.ctrl("Exec", "iss", 734, "", "ls")));
    }

    @Test
    void aSecondServiceDoesNotTakeTheNameFromTheFirst() throws Exception {
        serve();
        monitor.clear();
        try (DobbyServer second = new DobbyServer(new InMemoryRuntime(), config(Map.of()))) {
            second.start();
            Message refused = null;
            while (refused == null) { // the first service's own request may still be on its way to the monitor
                Message request = monitor.next(m -> "RequestName".equals(m.getName()), WAIT);
                assertNotNull(request);
                Message reply = monitor.next(BusMessages.replyTo(request.getSerial()), WAIT);
                if (!new UInt32(1).equals(BusMessages.args(reply)[0])) {
                    refused = reply;
                }
            }
            assertEquals(new UInt32(3), BusMessages.args(refused)[0], "DBUS_REQUEST_NAME_REPLY_EXISTS");
            assertFalse(second.isServing());
        }
        assertEquals(List.of(), BusValues.ints(BusMessages.args(raw.ctrl("List", null))[0]), "the first still serves");
    }

    @Test
    void shutdownRepliesThenStopsContainersSilentlyAndLeavesTheBus() throws Exception {
        serve();
        startBundle("left");
        monitor.clear();
        Message reply = raw.admin("Shutdown", null);
        assertInstanceOf(MethodReturn.class, reply);
        List<Message> seen = monitor.until(BusMessages.signal("Stopped").or(BusMessages.signal("StoppedWithStatus"))
                .or(BusMessages.ownerChange("org.rdk.dobby", true)), BusMessages.ownerChange("org.rdk.dobby", true), WAIT);
        assertEquals(1, seen.size(), "only the name's release: " + seen.stream().map(BusMessages::describe).toList());
        assertEquals(List.of(), memory.list(), "the container was stopped");
        assertFalse(server.isServing());
    }
}
