package io.ociplane.oci.dobby.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.provider.DescriptorSequence;

/** Dobby's descriptors (docs/dobby-dbus.md#descriptors) and the mapping to the backing provider's containers. */
class DescriptorTableTest {

    @Test
    void aFreshTableGivesDobbysDescriptorsUntilAll1023AreTaken() {
        DescriptorTable t = new DescriptorTable();
        DescriptorSequence dobbys = new DescriptorSequence(); // its values are DescriptorSequenceTest's
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < DescriptorSequence.PERIOD; i++) {
            int d = t.allocate();
            assertEquals(dobbys.next(seen::contains), d);
            seen.add(d);
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
