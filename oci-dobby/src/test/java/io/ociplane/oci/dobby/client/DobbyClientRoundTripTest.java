package io.ociplane.oci.dobby.client;

import static io.ociplane.oci.dobby.testing.DobbyRig.assertReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.messages.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEvent.Type;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.junit.PrivateBusPerClass;
import io.ociplane.testing.dobby.BusMessages;
import io.ociplane.testing.dobby.BusMonitor;

/**
 * Every ContainerRuntime method and every signal through the Dobby client, against the Dobby-compatible service
 * backed by the in-memory provider. DobbyOverRuncTest does it again with the runc provider behind the service
 * (real containers: stop statuses, exec, GetInfo figures).
 */
class DobbyClientRoundTripTest {

    private static final String SPEC = "{\"version\":\"1.0\",\"args\":[\"sleep\",\"60\"],\"user\":{\"uid\":1000,"
            + "\"gid\":1000},\"memLimit\":41943040}";
    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    @RegisterExtension
    final DobbyRig rig = new DobbyRig(BUS.bus());
    private ContainerRuntime dobby;

    @BeforeEach
    void connect() throws Exception {
        dobby = rig.startBoth();
    }

    /** Starts through Dobby; returns the descriptor the service gave. */
    private int start(String id) throws ContainerException {
        return dobby.startFromBundle(new BundleStart(id, "/bundles/" + id, null, null, List.of(), null, null))
                .descriptor();
    }

    private ContainerEvent nextEvent() throws InterruptedException {
        ContainerEvent e = rig.host.nextEvent();
        assertNotNull(e, "no event came");
        return e;
    }

    private void assertEvent(Type type, int descriptor, String id, Integer status) throws InterruptedException {
        ContainerEvent e = nextEvent();
        assertEquals(type, e.type());
        assertEquals(descriptor, e.descriptor());
        assertEquals(id, e.id());
        assertEquals(status, e.exitStatus());
    }

    @Test
    void startListStateInfoAndStartedEvent() throws Exception {
        assertEquals("dobby", dobby.name());
        int cd = start("web");
        assertEquals(734, cd);
        assertEvent(Type.STARTED, cd, "web", null);
        assertEquals(List.of(new ContainerRef(cd, "web")), dobby.list());
        assertEquals(java.util.Optional.of(new ContainerRef(cd, "web")), dobby.find("web"));
        assertEquals(ContainerState.RUNNING, dobby.state("web"));
        ContainerInfo info = dobby.info("web");
        assertEquals("web", info.id());
        assertEquals(ContainerState.RUNNING, info.state());
        assertEquals(-1L, info.memory().limit());
        assertEquals(List.of(), dobby.networkInterfaces("web"), "Dobby tells no interfaces");
    }

    @Test
    void theContainersAreKnownFromSignalsWithoutAskingTheDaemon() throws Exception {
        try (BusMonitor monitor = BusMonitor.on(BUS.address())) {
            int cd = start("cached");
            assertEvent(Type.STARTED, cd, "cached", null);
            assertEquals(List.of(new ContainerRef(cd, "cached")), dobby.list());
            dobby.pause("cached"); // addressed by id, without a List first
            dobby.state("cached"); // a marker on the bus after the lists and calls
            assertEquals(List.of(), monitor.until(m -> "List".equals(m.getName()), m -> "GetState".equals(m.getName()),
                    10_000), "list() and calls by id asked the daemon for its List");

            // a container that leaves by itself: its signal takes it away before the event is delivered
            dobby.resume("cached");
            rig.memory.exit("cached", 0);
            assertEvent(Type.STOPPED, cd, "cached", 0);
            assertEquals(List.of(), dobby.list());
            assertFalse(dobby.find("cached").isPresent());

            // a container another client of the daemon starts is known from its Started signal
            rig.memory.startFromBundle(new BundleStart("other", "/b", null, null, List.of(), null, null));
            ContainerEvent other = nextEvent();
            assertEquals("other", other.id());
            assertEquals(List.of(other.container()), dobby.list());
        }
    }

    @Test
    void bundleStartSendsSixArgumentsUnlessUidAndGidAreGiven() throws Exception {
        try (BusMonitor monitor = BusMonitor.on(BUS.address())) {
            dobby.startFromBundle(new BundleStart("six", "/b/six", "sleep 5", "/tmp/westeros", List.of("A=1"), null,
                    null));
            Message six = monitor.next(m -> "StartFromBundle".equals(m.getName()), 10_000);
            assertEquals("ssahssas", six.getSig());
            assertEquals("[six, /b/six, [], sleep 5, /tmp/westeros, [A=1]]",
                    java.util.Arrays.deepToString(BusMessages.args(six)));
            dobby.startFromBundle(new BundleStart("eight", "/b/eight", null, null, List.of(), 1000, 1001));
            Message eight = monitor.next(m -> "StartFromBundle".equals(m.getName()), 10_000);
            assertEquals("ssahssasuu", eight.getSig());
            assertEquals("[eight, /b/eight, [], , , [], 1000, 1001]", java.util.Arrays.deepToString(BusMessages.args(eight)));
            dobby.startFromSpec(new SpecStart("spec", SPEC, null, null, List.of()));
            Message spec = monitor.next(m -> "StartFromSpec".equals(m.getName()), 10_000);
            assertEquals("ssahssas", spec.getSig());
        }
        assertTrue(rig.memory.calls().contains("startFromBundle six /b/six sleep 5 /tmp/westeros"));
    }

    @Test
    void startFailuresHaveReasons() throws Exception {
        start("taken");
        assertReason(Reason.INVALID_ARGUMENT, () -> start("taken"));
        assertReason(Reason.INVALID_ARGUMENT, () -> start("bad id/x"));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.startFromBundle(new BundleStart("rel", "bundles/rel", null,
                null, List.of(), null, null)));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.startFromBundle(new BundleStart("half", "/b", null, null,
                List.of(), 1000, null)));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.startFromBundle(new BundleStart("env", "/b", null, null,
                List.of("NOEQUALS"), null, null)));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.startFromSpec(new SpecStart("s1", "{broken", null, null,
                List.of())));
        ContainerException shape = assertThrows(ContainerException.class, () -> dobby.startFromSpec(new SpecStart("s2",
                "{\"version\":\"1.0\"}", null, null, List.of())));
        assertEquals("the Dobby spec needs \"args\": a non-empty array of strings", shape.getMessage());
        assertEquals(879, dobby.startFromSpec(new SpecStart("s3", SPEC, null, null, List.of())).descriptor());
    }

    @Test
    void stopGivesOneStoppedEventWithTheStatus() throws Exception {
        int soft = start("soft");
        assertEvent(Type.STARTED, soft, "soft", null);
        dobby.stop("soft", false);
        assertEvent(Type.STOPPED, soft, "soft", 15);
        int hard = start("hard");
        assertEvent(Type.STARTED, hard, "hard", null); // not a second STOPPED: exactly once
        dobby.stop("hard", true);
        assertEvent(Type.STOPPED, hard, "hard", 9);
        int quits = start("quits");
        assertEvent(Type.STARTED, quits, "quits", null);
        rig.memory.exit("quits", 1 << 8);
        assertEvent(Type.STOPPED, quits, "quits", 256);
        assertReason(Reason.NOT_FOUND, () -> dobby.state("quits"));
        assertEquals(List.of(), dobby.list());
    }

    @Test
    void pauseResumeAndTheirRefusals() throws Exception {
        int cd = start("p");
        dobby.pause("p");
        assertEquals(ContainerState.PAUSED, dobby.state("p"));
        assertReason(Reason.INVALID_STATE, () -> dobby.pause("p"));
        assertReason(Reason.INVALID_STATE, () -> dobby.stop("p", false));
        assertReason(Reason.INVALID_STATE, () -> dobby.exec("p", "", "ls"));
        dobby.resume("p");
        assertEquals(ContainerState.RUNNING, dobby.state("p"));
        assertReason(Reason.INVALID_STATE, () -> dobby.resume("p"));
        dobby.pause("p");
        dobby.stop("p", true);
    }

    @Test
    void hibernateAndWakeupGiveTheirEventsInOrder() throws Exception {
        int cd = start("sleeper");
        dobby.hibernate("sleeper", "dest=/tmp/dump,compress=zstd");
        assertEquals(ContainerState.HIBERNATED, dobby.state("sleeper"));
        assertReason(Reason.INVALID_STATE, () -> dobby.hibernate("sleeper", ""));
        dobby.wakeup("sleeper");
        assertReason(Reason.INVALID_STATE, () -> dobby.wakeup("sleeper"));
        dobby.stop("sleeper", false);
        assertEvent(Type.STARTED, cd, "sleeper", null);
        assertEvent(Type.HIBERNATED, cd, "sleeper", null);
        assertEvent(Type.AWOKEN, cd, "sleeper", null);
        assertEvent(Type.STOPPED, cd, "sleeper", 15);
    }

    @Test
    void execMountUnmountAnnotations() throws Exception {
        int cd = start("work");
        dobby.exec("work", "--cwd /", "touch /tmp/hello");
        assertTrue(rig.memory.calls().contains("exec work [--cwd /] [touch /tmp/hello]"));
        dobby.mount("work", new MountRequest("/srv/data", "/data", List.of("bind", "ro"), null));
        assertTrue(rig.memory.calls().contains("mount work /srv/data /data [bind, ro]"));
        dobby.unmount("work", "/data");
        dobby.annotate("work", "mykey", "myvalue");
        assertEquals(Map.of("mykey", "myvalue"), dobby.info("work").annotations());
        dobby.removeAnnotation("work", "mykey");
        assertReason(Reason.NOT_FOUND, () -> dobby.removeAnnotation("work", "mykey"));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.exec("work", "", " "));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.mount("work", new MountRequest("/a", "/b", List.of("ro"), "")));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.mount("work", new MountRequest("a", "/b", List.of("bind"), "")));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.unmount("work", "relative"));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.annotate("work", "", "v"));
        assertReason(Reason.INVALID_ARGUMENT, () -> dobby.annotate("work", "k", "nul\0"));
    }

    @Test
    void everyMethodOnAnUnknownContainerIsNotFound() throws Exception {
        String unknown = "nobody";
        DobbyRig.assertEveryCallNotFound(dobby, unknown);
        assertReason(Reason.NOT_FOUND, () -> dobby.stop(null, true));
        assertSame(rig.client().runtime(), rig.host.published());
    }
}
