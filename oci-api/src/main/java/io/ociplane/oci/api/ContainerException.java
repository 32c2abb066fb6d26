package io.ociplane.oci.api;

/** A container operation that failed, with the kind of failure and a message a person can act on. */
public class ContainerException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** No container with that id (or, in a provider's own answers, that descriptor). */
        NOT_FOUND,
        /** An argument is malformed (id, path, spec, options). */
        INVALID_ARGUMENT,
        /** The container is not in a state that allows the operation (e.g. pause of a paused container). */
        INVALID_STATE,
        /** The provider cannot do this at all (e.g. hibernate without a checkpointing tool). */
        UNSUPPORTED,
        /** No provider is there to serve the call (daemon gone, runtime binary missing). */
        PROVIDER_UNAVAILABLE,
        /** The provider tried and failed (runtime error, daemon refused). */
        PROVIDER_ERROR,
        /** The provider did not answer in time. */
        TIMEOUT
    }

    private final Reason reason;

    public ContainerException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ContainerException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
