package io.ociplane.oci.dobby.client;

import static io.ociplane.testing.DobbySpecs.SLEEPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.freedesktop.dbus.messages.MethodReturn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.testing.DaemonProcess;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.dobby.RawCaller;
import io.ociplane.testing.junit.PrivateBusPerClass;

/**
 * Issue 15, item 2: the containers of a daemon that leaves end with it (docs/dobby-dbus.md#presence), and Dobby
 * signals none of that; the client reports each container it knew as stopped, by id, once, before it withdraws the
 * runtime, whichever way the daemon went: stopped (SIGTERM), crashed (SIGKILL), shut down (admin1.Shutdown). The
 * daemon is the Dobby-compatible service in a process of its own, as Dobby is.
 */
class DaemonDepartureTest {

    private static final List<String> STOPPED_THEN_WITHDRAWN = List.of("STOPPED alpha", "STOPPED beta", "withdraw");

    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    @RegisterExtension
    final DobbyRig rig = new DobbyRig(BUS.bus());

    private DaemonProcess daemon;

    /** A daemon that does not crash, in place of the one before (which is killed if it still runs). */
    private void newDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        daemon = rig.startDaemonProcess(false);
    }

    /** A daemon with two containers the client knows, started in the order beta, alpha. */
    private ContainerRuntime daemonWithTwoContainers() throws Exception {
        newDaemon();
        rig.startClient(rig.clientConfig());
        ContainerRuntime dobby = rig.host.awaitPublished();
        dobby.startFromBundle(new BundleStart("beta", "/bundles/beta", null, null, List.of(), null, null));
        dobby.startFromSpec(new SpecStart("alpha", SLEEPING, null, null, List.of()));
        assertEquals("STARTED beta", event());
        assertEquals("STARTED alpha", event());
        return dobby;
    }

    /** After the daemon went: STOPPED for each of its containers, by id, each without a status, then the withdrawal. */
    private void assertStoppedOnceThenWithdrawn() throws Exception {
        rig.host.awaitWithdrawn();
        List<String> told = rig.host.told();
        assertEquals(STOPPED_THEN_WITHDRAWN, told.subList(told.size() - 3, told.size()), "told: " + told);
        for (String id : List.of("alpha", "beta")) {
            ContainerEvent stopped = rig.host.nextEvent();
            assertEquals(id, stopped.id());
            assertNull(stopped.exitStatus(), "Dobby says nothing of how they ended");
        }
        newDaemon(); // a new daemon: nothing of the old one is reported again
        ContainerRuntime again = rig.host.awaitPublished();
        assertEquals(List.of(), again.list());
        told = rig.host.told();
        assertEquals("publish", told.get(told.size() - 1), "nothing after the new daemon's publish: " + told);
        assertTrue(rig.host.noEventPending(), "each container was reported once");
    }

    @Test
    void aStoppedDaemonsContainersAreReportedStopped() throws Exception {
        daemonWithTwoContainers();
        daemon.terminate();
        assertStoppedOnceThenWithdrawn();
    }

    @Test
    void aCrashedDaemonsContainersAreReportedStopped() throws Exception {
        daemonWithTwoContainers();
        daemon.kill();
        assertStoppedOnceThenWithdrawn();
    }

    @Test
    void aShutDownDaemonsContainersAreReportedStopped() throws Exception {
        daemonWithTwoContainers();
        try (RawCaller raw = new RawCaller(BUS.address(), DobbyNames.RDK)) {
            assertInstanceOf(MethodReturn.class, raw.admin("Shutdown", null));
        }
        assertStoppedOnceThenWithdrawn();
    }

    @Test
    void afterALostBusOnlyWhatTheDaemonNoLongerHasIsReportedStopped() throws Exception {
        ContainerRuntime dobby = daemonWithTwoContainers();
        BUS.bus().restart(); // the daemon reconnects with its containers, and so does the client
        rig.host.awaitWithdrawn();
        ContainerRuntime again = rig.host.awaitPublished();
        assertEquals(List.of("alpha", "beta"), again.list().stream().map(r -> r.id()).toList());
        assertTrue(rig.host.noEventPending(), "nothing ended");

        BUS.bus().stopDaemon(); // the bus goes, and the daemon with its containers while the client cannot hear
        daemon.kill();
        BUS.bus().startDaemon();
        newDaemon();
        assertEquals("withdraw", rig.host.nextAvailability());
        assertEquals("publish", rig.host.nextAvailability());
        assertEquals(List.of("STOPPED alpha", "STOPPED beta"), List.of(event(), event()),
                "the new daemon's List does not have them");
        assertEquals(List.of(), dobby.list());
        assertTrue(rig.host.noEventPending(), "each once");
    }

    private String event() throws InterruptedException {
        ContainerEvent e = rig.host.nextEvent();
        return e == null ? "none" : e.type() + " " + e.id();
    }
}
