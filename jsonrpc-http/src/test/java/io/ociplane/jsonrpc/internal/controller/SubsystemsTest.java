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

    @Test
    void onlyExternalOnesFollowWhatProvidesThemAndEachChangeIsTold() {
        Subsystems s = new Subsystems(WireProfile.R5, List.of("Security"));
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        s.onChange(told::incrementAndGet);
        assertEquals(List.of(), s.changesSinceLastReport(), "the start's set counts as reported");
        assertFalse(s.provide("Platform", false), "the Controller sets Platform itself");
        assertTrue(s.active("Platform"));
        assertFalse(s.provide("Nonsense", true));
        assertFalse(s.provide("Security", false), "already inactive");
        assertEquals(0, told.get());

        assertTrue(s.provide("security", true));
        assertEquals(1, told.get());
        assertTrue(s.active("Security"));
        assertTrue(s.met(List.of("Security")));
        assertFalse(s.met(List.of("!Security")));
        assertEquals(List.of(Map.of("subsystem", "Security", "active", true)), s.changesSinceLastReport());
        assertEquals(List.of(), s.changesSinceLastReport(), "reported once");

        s.provide("Security", false);
        s.provide("Security", true);
        assertEquals(3, told.get());
        assertEquals(List.of(), s.changesSinceLastReport(), "back where the last report left it");
        s.provide("Security", false);
        assertEquals(List.of(Map.of("subsystem", "Security", "active", false)), s.changesSinceLastReport());
    }

    @Test
    void changesComeInThunderOrder() {
        Subsystems s = new Subsystems(WireProfile.R4, List.of("Time", "Network"));
        s.provide("Time", true);
        s.provide("Network", true);
        List<Map<String, Object>> changes = s.changesSinceLastReport();
        assertEquals(List.of("Network", "Time"), changes.stream().map(e -> e.get("subsystem")).toList());
        assertEquals(List.of("subsystem", "active"), List.copyOf(changes.get(0).keySet()));
    }
}
