package io.ociplane.oci.runc;

import java.util.BitSet;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/** The container addresses of a {@link NatPlan}'s range in use: leased lowest first, released when a container ends. */
final class AddressPool {

    private final NatPlan plan;
    private final BitSet used = new BitSet();

    AddressPool(NatPlan plan) {
        this.plan = plan;
    }

    /** The lowest free address. */
    synchronized String lease() throws ContainerException {
        int n = used.nextClearBit(NatPlan.FIRST_HOST);
        if (n > NatPlan.LAST_HOST) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "all " + (NatPlan.LAST_HOST - NatPlan.FIRST_HOST + 1)
                    + " addresses of " + plan.cidr() + " are taken by nat containers");
        }
        used.set(n);
        return plan.address(n);
    }

    /** Marks the address of a re-adopted container as taken; false when it is not ours or taken already. */
    synchronized boolean take(String address) {
        int n = plan.hostNumber(address);
        if (n < 0 || used.get(n)) {
            return false;
        }
        used.set(n);
        return true;
    }

    synchronized boolean isLeased(String address) {
        int n = plan.hostNumber(address);
        return n >= 0 && used.get(n);
    }

    synchronized void release(String address) {
        int n = plan.hostNumber(address);
        if (n >= 0) {
            used.clear(n);
        }
    }

    synchronized boolean isEmpty() {
        return used.isEmpty();
    }
}
