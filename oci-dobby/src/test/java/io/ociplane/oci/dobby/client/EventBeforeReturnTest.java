package io.ociplane.oci.dobby.client;

import static io.ociplane.testing.DobbySpecs.SLEEPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent.Type;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.dobby.testing.DobbyRig;
import io.ociplane.testing.junit.PrivateBusPerClass;

/**
 * A start or stop through the Dobby client returns only once its event has been handed to the listeners
 * (docs/dobby-dbus.md#event-before-reply): the daemon's signal and reply reach the client on different threads, and
 * a stop's reply comes before the end's signals. 100 rounds each, against the Dobby-compatible service.
 */
class EventBeforeReturnTest {

    private static final int ROUNDS = 100;

    @RegisterExtension
    static final PrivateBusPerClass BUS = new PrivateBusPerClass();

    @RegisterExtension
    final DobbyRig rig = new DobbyRig(BUS.bus());
    private ContainerRuntime dobby;
    /** Events handed to a listener so far, as "TYPE descriptor/id". */
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void connect() throws Exception {
        dobby = rig.startBoth();
    }

    private Subscription record() {
        return dobby.subscribe(e -> delivered.add(key(e.type(), e.container())));
    }

    private static String key(Type type, ContainerRef ref) {
        return type + " " + ref.descriptor() + "/" + ref.id();
    }

    @Test
    void bundleStartAndStopReturnAfterTheirEvents() throws Exception {
        try (Subscription s = record()) {
            int late = 0;
            for (int i = 0; i < ROUNDS; i++) {
                String id = "bundle" + i;
                ContainerRef started = dobby.startFromBundle(new BundleStart(id, "/bundles/" + id, null, null,
                        List.of(), null, null));
                late += delivered.contains(key(Type.STARTED, started)) ? 0 : 1;
                dobby.stop(id, i % 2 == 0);
                late += delivered.contains(key(Type.STOPPED, started)) ? 0 : 1;
            }
            assertEquals(0, late, "calls that returned before their event was delivered, of " + 2 * ROUNDS);
        }
    }

    @Test
    void specStartAndStopReturnAfterTheirEvents() throws Exception {
        try (Subscription s = record()) {
            int late = 0;
            for (int i = 0; i < ROUNDS; i++) {
                String id = "spec" + i;
                ContainerRef started = dobby.startFromSpec(new SpecStart(id, SLEEPING, null, null, List.of()));
                late += delivered.contains(key(Type.STARTED, started)) ? 0 : 1;
                dobby.stop(id, false);
                late += delivered.contains(key(Type.STOPPED, started)) ? 0 : 1;
            }
            assertEquals(0, late, "calls that returned before their event was delivered, of " + 2 * ROUNDS);
        }
    }

    /**
     * A stop the daemon accepted whose container has not ended returns after its bound, not never: the service's
     * provider holds its events back until the stop returned.
     */
    @Test
    void anAcceptedStopWithoutEndReturnsAfterItsBound() throws Exception {
        ContainerRef stuck = dobby.startFromBundle(new BundleStart("stuck", "/bundles/stuck", null, null, List.of(),
                null, null));
        BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        rig.memory.deliverEventsOn(held::add);
        try (Subscription s = record()) {
            long began = System.nanoTime();
            dobby.stop("stuck", false);
            long tookMillis = (System.nanoTime() - began) / 1_000_000;
            assertFalse(delivered.contains(key(Type.STOPPED, stuck)), "the end was held back");
            assertTrue(tookMillis >= DobbyRuntime.STOPPED_AFTER_REPLY_MILLIS - 50, "returned after " + tookMillis);
            assertTrue(tookMillis < DobbyRuntime.STOPPED_AFTER_REPLY_MILLIS + 3_000, "returned after " + tookMillis);
            rig.memory.deliverEventsOn(Runnable::run);
            held.forEach(Runnable::run);
            assertEquals(Type.STARTED, rig.host.nextEvent().type());
            assertEquals(Type.STOPPED, rig.host.nextEvent().type(), "the end still comes once the container ends");
        }
    }
}
