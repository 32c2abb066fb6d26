package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerException;

/** The nat address plan and the pool of container addresses, without touching the host. */
class NatPlanTest {

    private final NatPlan plan = NatPlan.defaults();

    @Test
    void dobbysPlanByDefault() {
        assertEquals("ociplane0", plan.bridge());
        assertEquals("100.64.11.1", plan.gateway());
        assertEquals("100.64.11.0/24", plan.cidr());
        assertEquals("vo64400b02", plan.hostEnd("100.64.11.2"));
        assertEquals("vc64400b02", plan.containerEnd("100.64.11.2"));
        assertEquals(2, plan.hostNumber("100.64.11.2"));
        assertEquals(-1, plan.hostNumber("100.64.11.1"), "the gateway is not a container address");
        assertEquals(-1, plan.hostNumber("100.64.11.255"));
        assertEquals(-1, plan.hostNumber("100.64.12.2"));
        assertEquals(-1, plan.hostNumber("garbage"));
    }

    @Test
    void overlapsComparesNetworks() {
        assertTrue(plan.overlaps("100.64.11.77", 32));
        assertTrue(plan.overlaps("100.64.0.1", 10), "a wider network holding ours");
        assertTrue(plan.overlaps("100.64.11.128", 25), "a narrower one inside ours");
        assertFalse(plan.overlaps("100.64.12.1", 24));
        assertFalse(plan.overlaps("192.0.2.2", 24));
        assertTrue(plan.overlaps("8.8.8.8", 0), "a default route's /0 holds everything");
    }

    @Test
    void addressesAreLeasedLowestFirstUntilTheRangeIsFullAndReusedWhenReleased() throws ContainerException {
        AddressPool pool = new AddressPool(plan);
        assertTrue(pool.isEmpty());
        assertEquals("100.64.11.2", pool.lease());
        assertEquals("100.64.11.3", pool.lease());
        Set<String> all = new HashSet<>(Set.of("100.64.11.2", "100.64.11.3"));
        for (int i = 4; i <= 254; i++) {
            assertTrue(all.add(pool.lease()), "each address once");
        }
        assertEquals(253, all.size());
        ContainerException full = assertThrows(ContainerException.class, pool::lease);
        assertEquals("all 253 addresses of 100.64.11.0/24 are taken by nat containers", full.getMessage());

        pool.release("100.64.11.77");
        pool.release("100.64.11.5");
        assertEquals("100.64.11.5", pool.lease(), "the lowest free one");
        assertEquals("100.64.11.77", pool.lease());
        assertThrows(ContainerException.class, pool::lease);

        for (String a : all) {
            pool.release(a);
        }
        assertTrue(pool.isEmpty());
        for (int round = 0; round < 1000; round++) { // many more starts and stops than the range holds
            String a = pool.lease();
            assertEquals("100.64.11.2", a);
            pool.release(a);
        }
        assertTrue(pool.isEmpty());
    }

    @Test
    void readoptedAddressesAreTakenOnce() throws ContainerException {
        AddressPool pool = new AddressPool(plan);
        assertTrue(pool.take("100.64.11.9"));
        assertFalse(pool.take("100.64.11.9"), "held twice");
        assertFalse(pool.take("10.0.0.9"), "not of this range");
        assertTrue(pool.isLeased("100.64.11.9"));
        assertEquals("100.64.11.2", pool.lease());
        pool.release("10.0.0.9"); // not ours: nothing
        assertTrue(pool.isLeased("100.64.11.9"));
    }
}
