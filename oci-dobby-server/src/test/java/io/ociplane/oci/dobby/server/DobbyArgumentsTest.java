package io.ociplane.oci.dobby.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.freedesktop.dbus.types.UInt32;
import org.junit.jupiter.api.Test;

/** Dobby's reading of call arguments: unreadable types are skipped, which changes the signature it matches. */
class DobbyArgumentsTest {

    @Test
    void readableTypesAreKeptInOrder() {
        DobbyArguments a = DobbyArguments.read("ssahssasuu", new Object[] {"id", "/b", List.of(), "", "",
            List.of("A=1"), new UInt32(5), new UInt32(6)});
        assertEquals("ssahssasuu", a.signature());
        assertEquals(List.of("A=1"), a.strings(5));
        assertEquals(6, a.uint32(7));
    }

    @Test
    void doublesStructsVariantsDictsAndOtherArraysAreSkipped() {
        Object[] args = {7, 1.5, new Object[] {1, "x"}, "v", List.of(), List.of(), true};
        DobbyArguments a = DobbyArguments.read("id(is)vaxa{sv}b", args);
        assertEquals("ib", a.signature());
        assertEquals(7, a.int32(0));
        assertEquals(true, a.bool(1));
    }

    @Test
    void nestedTypesAreMeasuredWhole() {
        assertEquals(8, DobbyArguments.endOfType("a(i(ss))b", 0));
        assertEquals(9, DobbyArguments.endOfType("a{sa{sv}}i", 0));
        assertEquals(2, DobbyArguments.endOfType("aib", 0));
    }

    @Test
    void noBodyIsAnEmptySignature() {
        assertEquals("", DobbyArguments.read(null, null).signature());
        assertEquals(0, DobbyArguments.read("", new Object[0]).count());
    }
}
