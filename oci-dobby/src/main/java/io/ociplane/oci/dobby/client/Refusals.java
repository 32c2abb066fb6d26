package io.ociplane.oci.dobby.client;

import java.util.function.Function;
import java.util.function.Predicate;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.Failures;
import io.ociplane.oci.dobby.bus.DobbyStates;
import io.ociplane.oci.dobby.client.DobbyCaller.Reply;

/**
 * Why Dobby answered {@code false}: its failure values carry no reason, so one GetState, within the caller's
 * deadline, tells an unknown container (NOT_FOUND) and one in the wrong state (INVALID_STATE) from a failure in
 * the daemon (PROVIDER_ERROR). Nothing is retried. The reasons are worded as every provider words them
 * ({@link Failures}, docs/providers.md#one-wording-per-failure).
 */
final class Refusals {

    private final DobbyCaller caller;

    Refusals(DobbyCaller caller) {
        this.caller = caller;
    }

    /**
     * The reason of a refused call.
     *
     * @param byState what the container's state says about it: the reason, or null when the state allows the call
     */
    ContainerException of(String method, ContainerRef c, Deadline deadline,
            Function<ContainerState, ContainerException> byState) {
        ContainerState state = stateIfKnowable(c.descriptor(), deadline);
        if (state == ContainerState.INVALID) {
            return notFound(c.id());
        }
        ContainerException wrongState = state == null ? null : byState.apply(state);
        if (wrongState != null) {
            return wrongState;
        }
        return new ContainerException(Reason.PROVIDER_ERROR, method + " of container '" + c.id()
                + "' failed in the Dobby daemon (see its log)");
    }

    /** A call that needs the container {@code needed}: in any other state it is refused in the shared words. */
    static Function<ContainerState, ContainerException> needs(String id, ContainerState needed) {
        return s -> s == needed ? null : Failures.wrongState(id, s, needed);
    }

    /** A call that some states refuse, in the client's own words: {@code Exec refused: container 'x' is paused}. */
    static Function<ContainerState, ContainerException> refusedIn(String method, String id,
            Predicate<ContainerState> refuses) {
        return s -> refuses.test(s) ? new ContainerException(Reason.INVALID_STATE, method + " refused: container '"
                + id + "' is " + s.lowerCase()) : null;
    }

    static ContainerException notFound(String id) {
        return Failures.notFound(id);
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
