package io.ociplane.console.internal;

/** A call the host answered with a JSON-RPC error: its message is the error's code, message and reason. */
final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    Refused(String message) {
        super(message);
    }
}
