package io.ociplane.jsonrpc.internal.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.internal.wire.WireProfile;

/** The subsystems per release, active unless driven from outside, and preconditions over them. */
class SubsystemsTest {

    @Test
    void r4HasFourteenAndR5AddsCryptographyBeforeInstallation() {
        List<Map<String, Object>> r4 = new Subsystems(WireProfile.R4, List.of()).report();
        List<Map<String, Object>> r5 = new Subsystems(WireProfile.R5, List.of()).report();
        assertEquals(14, r4.size());
        assertEquals(15, r5.size());
        assertEquals(Map.of("subsystem", "Platform", "active", true), r4.get(0));
        assertEquals(List.of("subsystem", "active"), List.copyOf(r4.get(0).keySet()));
        assertEquals("Bluetooth", r5.get(12).get("subsystem"));
        assertEquals("Cryptography", r5.get(13).get("subsystem"));
        assertEquals("Installation", r5.get(14).get("subsystem"));
        assertTrue(r5.stream().allMatch(e -> Boolean.TRUE.equals(e.get("active"))));
    }

    @Test
    void externalOnesAreInactiveAndPreconditionsFollow() {
        Subsystems s = new Subsystems(WireProfile.R4, List.of("network"));
        assertFalse(s.active("Network"));
        assertTrue(s.active("Platform"));
        assertTrue(s.met(List.of("Platform")));
        assertFalse(s.met(List.of("Platform", "Network")));
        assertTrue(s.met(List.of("!Network")));
        assertFalse(s.met(List.of("!Platform")));
        assertFalse(s.met(List.of("Cryptography")), "R4 has no Cryptography");
        assertFalse(s.met(List.of("Nonsense")));
        assertTrue(s.met(List.of()));
    }
}
