package io.ociplane.oci.dobby.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEvent.Type;
import io.ociplane.oci.api.ContainerRef;

/** Signals to events: exactly one STOPPED whether the daemon sends StoppedWithStatus + Stopped or Stopped alone. */
class SignalEventsTest {

    private final SignalEvents signals = new SignalEvents();

    private ContainerEvent translate(String member, String sig, Object... args) {
        return signals.translate(member, sig, args);
    }

    @Test
    void stoppedWithStatusThenStoppedIsOneEventWithTheStatus() {
        ContainerEvent e = translate("StoppedWithStatus", "isi", 734, "a", 9);
        assertEquals(new ContainerEvent(Type.STOPPED, new ContainerRef(734, "a"), 9), e);
        assertNull(translate("Stopped", "is", 734, "a"));
        assertEquals(Type.STOPPED, translate("Stopped", "is", 734, "a").type(), "a later stop of a restarted a");
    }

    @Test
    void stoppedAloneIsAnEventWithoutStatus() {
        assertEquals(new ContainerEvent(Type.STOPPED, new ContainerRef(91, "b"), null), translate("Stopped", "is", 91, "b"));
    }

    @Test
    void otherSignalsAndBadPayloads() {
        assertEquals(Type.STARTED, translate("Started", "is", 1, "x").type());
        assertEquals(Type.HIBERNATED, translate("Hibernated", "is", 1, "x").type());
        assertEquals(Type.AWOKEN, translate("Awoken", "is", 1, "x").type());
        assertNull(translate("Started", "si", "x", 1), "DobbyProxy drops payloads of another shape");
        assertNull(translate("StoppedWithStatus", "is", 1, "x"));
        assertNull(translate("Whatever", "is", 1, "x"));
    }

    @Test
    void aNewDaemonForgetsPendingStops() {
        translate("StoppedWithStatus", "isi", 734, "a", 15);
        signals.reset();
        assertEquals(Type.STOPPED, translate("Stopped", "is", 734, "a").type());
    }
}
