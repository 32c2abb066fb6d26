package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.junit.PrivateBusPerClass;

/**
 * The daemon coming, going, hanging and being of another vintage, with the client watching: the runtime is
 * offered only while a ready daemon owns the name, and calls fail with the reason the situation deserves.
 */
class DobbyClientAvailabilityTest {

    private static final String SPEC = "{\"version\":\"1.0\",\"args\":[\"true\"],\"user\":{\"uid\":1,\"gid\":1},"
            + "\"memLimit\":1000000}";
    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    @RegisterExtension
    final DobbyRig rig = new DobbyRig(BUS.bus());


    /** Starts through Dobby; returns the descriptor the service gave. */
    private static int start(ContainerRuntime runtime, String id) throws ContainerException {
        return runtime.startFromBundle(new BundleStart(id, "/bundles/" + id, null, null, List.of(), null, null))
                .descriptor();
    }

    private static ContainerException failure(CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (ContainerException) e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call hung");
        }
        throw new AssertionError("the call succeeded");
    }

    private String event() throws InterruptedException {
        ContainerEvent e = rig.host.nextEvent();
        return e == null ? "none" : e.type() + " " + e.id();
    }

    @Test
    void withoutADaemonNothingIsOfferedAndCallsFailAtOnce() throws Exception {
        DobbyClient client = rig.startClient(rig.clientConfig());
        ContainerException e = assertThrows(ContainerException.class, () -> client.runtime().list());
        assertEquals(Reason.PROVIDER_UNAVAILABLE, e.reason());
        rig.startServer(); // a daemon arriving later says Ready
        ContainerRuntime runtime = rig.host.awaitPublished();
        assertEquals(List.of(), runtime.list());
    }

    @Test
    void aDaemonAlreadyRunningIsFoundWithOnePing() throws Exception {
        rig.startServer();
        rig.startClient(rig.clientConfig());
        assertNotNull(rig.host.awaitPublished());
    }

    @Test
    void aDaemonThatLeavesMidCallIsUnavailableAndAReturningOneIsOfferedAgain() throws Exception {
        ContainerRuntime dobby = rig.startBoth();
        assertEquals(734, start(dobby, "old"));
        assertEquals(879, start(dobby, "extra"));
        dobby.stop("extra", true);
        rig.backend.closeGate();
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
            try {
                return dobby.state("old");
            } catch (ContainerException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertTrue(rig.backend.awaitBlocked(10_000), "the call did not reach the daemon");
        rig.stopServer(); // the daemon dies with the call in hand
        ContainerException e = failure(call);
        assertEquals(Reason.PROVIDER_UNAVAILABLE, e.reason(), e.getMessage());
        rig.host.awaitWithdrawn();
        assertNull(rig.host.published());

        rig.backend.openGate();
        rig.startServer(); // a new daemon: Ready, offered again, events flow again
        ContainerRuntime again = rig.host.awaitPublished();
        assertEquals(List.of("STARTED old", "STARTED extra", "STOPPED extra"), List.of(event(), event(), event()),
                "the events from before");
        assertEquals(List.of(new io.ociplane.oci.api.ContainerRef(734, "old")), again.list(),
                "the new daemon's List, taken when it was ready: its own descriptors from the start of its sequence");
        int fresh = start(again, "fresh");
        assertEquals(879, fresh, "the new daemon's second descriptor (the old one's next was 439)");
        ContainerEvent started = rig.host.nextEvent();
        assertEquals("fresh", started.id());
        assertEquals(fresh, started.descriptor());
    }

    @Test
    void aStalledDaemonTimesOutWithinTheConfiguredTimeout() throws Exception {
        rig.startServer();
        rig.startClient(rig.clientConfig(Map.of("callTimeoutMillis", 400, "startTimeoutMillis", 400)));
        ContainerRuntime dobby = rig.host.awaitPublished();
        start(dobby, "stuck");
        rig.backend.closeGate();
        long t0 = System.nanoTime();
        ContainerException e = assertThrows(ContainerException.class, () -> dobby.state("stuck"));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
        assertTrue(tookMillis >= 390 && tookMillis < 2_000, "took " + tookMillis + " ms");
        ContainerException queued = assertThrows(ContainerException.class, () -> dobby.info("stuck"));
        assertEquals(Reason.TIMEOUT, queued.reason(), "calls queue behind the stuck one, as on Dobby's work queue");
        assertEquals(List.of("stuck"), dobby.list().stream().map(r -> r.id()).toList(),
                "the list needs no call: it is there at once");
        rig.backend.openGate();
        assertTrue(rig.client().isAvailable(), "a slow daemon is still there");
    }

    @Test
    void aMethodMissingFromTheDaemonsBuildIsAProviderError() throws Exception {
        rig.startServer(rig.serverConfig(Map.of("legacyComponents", false, "prodBuild", false))); // no StartFromSpec without LEGACY
        rig.startClient(rig.clientConfig());
        ContainerRuntime dobby = rig.host.awaitPublished();
        ContainerException e = assertThrows(ContainerException.class,
                () -> dobby.startFromSpec(new SpecStart("s", SPEC, null, null, List.of())));
        assertEquals(Reason.PROVIDER_ERROR, e.reason());
        assertTrue(e.getMessage().contains("UnknownMethod"), e.getMessage());
        assertEquals(734, start(dobby, "bundle"), "the daemon is still usable");
    }

    @Test
    void legacyComSkyDobbyNamesWorkByConfiguration() throws Exception {
        DobbyNames sky = new DobbyNames("com.sky.dobby", "/com/sky/dobby", "com.sky.dobby");
        rig.startServer(rig.serverConfig(DobbyRig.names(sky)));
        rig.startClient(rig.clientConfig(DobbyRig.names(sky)));
        ContainerRuntime dobby = rig.host.awaitPublished();
        start(dobby, "sky");
        assertEquals("sky", rig.host.nextEvent().id());
        dobby.stop("sky", false);
        assertEquals(ContainerEvent.Type.STOPPED, rig.host.nextEvent().type());
    }

    @Test
    void aDaemonWithoutStoppedWithStatusGivesOneStoppedEventWithoutStatus() throws Exception {
        rig.startServer(rig.serverConfig(Map.of("emitStoppedWithStatus", false)));
        rig.startClient(rig.clientConfig());
        ContainerRuntime dobby = rig.host.awaitPublished();
        start(dobby, "first");
        assertEquals(ContainerEvent.Type.STARTED, rig.host.nextEvent().type());
        dobby.stop("first", false);
        ContainerEvent stopped = rig.host.nextEvent();
        assertEquals(ContainerEvent.Type.STOPPED, stopped.type());
        assertNull(stopped.exitStatus());
        start(dobby, "second");
        assertEquals("second", rig.host.nextEvent().id(), "exactly one STOPPED came before");
    }

    @Test
    void closingTheClientWithdrawsTheRuntime() throws Exception {
        rig.startBoth();
        rig.client().close();
        rig.host.awaitWithdrawn();
    }
}
