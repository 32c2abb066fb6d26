package io.ociplane.oci.dobby.client;

import java.util.function.Predicate;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.dobby.bus.DobbyStates;
import io.ociplane.oci.dobby.client.DobbyCaller.Reply;

/**
 * Why Dobby answered {@code false}: its failure values carry no reason, so one GetState, within the caller's
 * deadline, tells an unknown container (NOT_FOUND) and one in the wrong state (INVALID_STATE) from a failure in
 * the daemon (PROVIDER_ERROR). Nothing is retried.
 */
final class Refusals {

    private final DobbyCaller caller;

    Refusals(DobbyCaller caller) {
        this.caller = caller;
    }

    ContainerException of(String method, ContainerRef c, Deadline deadline, Predicate<ContainerState> wrongState) {
        ContainerState state = stateIfKnowable(c.descriptor(), deadline);
        if (state == ContainerState.INVALID) {
            return notFound(c.id());
        }
        if (state != null && wrongState.test(state)) {
            return new ContainerException(Reason.INVALID_STATE, method + " refused: container '" + c.id() + "' is "
                    + state.lowerCase());
        }
        return new ContainerException(Reason.PROVIDER_ERROR, method + " of container '" + c.id()
                + "' failed in the Dobby daemon (see its log)");
    }

    static ContainerException notFound(String id) {
        return new ContainerException(Reason.NOT_FOUND, "no container '" + ContainerIds.shorten(id) + "'");
    }

    private ContainerState stateIfKnowable(int descriptor, Deadline deadline) {
        if (deadline.passed()) {
            return null;
        }
        try {
            Reply reply = caller.ctrl(deadline, "GetState", "i", descriptor);
            return "i".equals(reply.signature())
                    ? DobbyStates.ofCode(((Number) reply.body()[0]).intValue()) : null;
        } catch (ContainerException e) {
            return null; // no reason to be had; the refusal is reported as it is
        }
    }
}
