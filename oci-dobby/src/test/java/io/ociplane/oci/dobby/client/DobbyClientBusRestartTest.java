package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.PrivateBus;

/** The bus itself going away and coming back: client and service both connect again with backoff. */
class DobbyClientBusRestartTest {

    private PrivateBus bus;
    private DobbyRig rig;

    @BeforeEach
    void busAtAPathNotYetServed() throws Exception {
        bus = PrivateBus.notStarted();
        rig = new DobbyRig(bus);
    }

    @AfterEach
    void stop() {
        try {
            rig.close();
        } finally {
            bus.close();
        }
    }

    @Test
    void withoutABusSocketTheClientWaitsQuietlyAndConnectsWhenOneAppears() throws Exception {
        DobbyClient client = rig.startClient(rig.clientConfig());
        assertTrue(rig.host.noAvailabilityChange());
        assertTrue(!client.isAvailable());
        bus.startDaemon();
        rig.startServer();
        ContainerRuntime dobby = rig.host.awaitPublished();
        assertEquals(List.of(), dobby.list());
    }

    @Test
    void aRestartedBusIsReconnectedAndTheRuntimeOfferedAgain() throws Exception {
        bus.startDaemon();
        ContainerRuntime dobby = rig.startBoth();
        dobby.startFromBundle(new BundleStart("before", "/b/before", null, null, List.of(), null, null));
        assertEquals("before", rig.host.nextEvent().id());

        bus.restart();
        rig.host.awaitWithdrawn();
        ContainerRuntime again = rig.host.awaitPublished(); // the service came back and said Ready, or was pinged
        assertEquals(List.of("before"), again.list().stream().map(r -> r.id()).toList(),
                "the same provider is behind the service");
        again.startFromBundle(new BundleStart("after", "/b/after", null, null, List.of(), null, null));
        ContainerEvent started = rig.host.nextEvent();
        assertEquals(ContainerEvent.Type.STARTED, started.type());
        assertEquals("after", started.id());
    }
}
