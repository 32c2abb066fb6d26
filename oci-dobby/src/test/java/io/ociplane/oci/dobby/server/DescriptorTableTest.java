package io.ociplane.oci.dobby.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerRef;

/** Dobby's descriptor LFSR (docs/dobby-dbus.md#descriptors) and the mapping to the backing provider's containers. */
class DescriptorTableTest {

    @Test
    void aFreshTableGivesDobbysFirstDescriptors() {
        DescriptorTable t = new DescriptorTable();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            got.add(t.allocate());
        }
        assertEquals(List.of(734, 879, 439, 731, 365, 182, 91, 45, 22, 11, 5, 514, 257, 640, 320), got);
    }

    @Test
    void theSequenceCoversOneToTenTwentyThreeAndThenRunsOut() {
        DescriptorTable t = new DescriptorTable();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1023; i++) {
            seen.add(t.allocate());
        }
        assertEquals(1023, seen.size());
        assertEquals(-1, t.allocate(), "all in use");
    }

    @Test
    void aReleasedDescriptorIsNotHandedOutAgainAtOnce() {
        DescriptorTable t = new DescriptorTable();
        int first = t.allocate();
        t.release(first);
        assertNotEquals(first, t.allocate());
    }

    @Test
    void entriesAreFoundByEitherSideAndRemovedOnStop() {
        DescriptorTable t = new DescriptorTable();
        ContainerRef web = new ContainerRef(42, "web");
        DescriptorTable.Entry e = t.bind(t.allocate(), web);
        assertSame(e, t.byDescriptor(734));
        assertSame(e, t.byBackend(web));
        assertNull(t.byBackend(new ContainerRef(42, "other")));
        assertNull(t.byBackend(new ContainerRef(44, "web")), "the same id started again is another container");
        assertSame(e, t.entryFor(web));
        ContainerRef fresh = new ContainerRef(43, "new");
        assertEquals(879, t.entryFor(fresh).descriptor, "a container the provider reports is given one");
        t.retainOnly(Set.of(fresh));
        assertNull(t.byDescriptor(734));
        assertSame(e, t.remove(web), "a late STOPPED still finds a container a List dropped");
        assertNull(t.remove(web));
    }
}
