package io.ociplane.jsonrpc.internal.wire;

/** A message that cannot be answered as a call: not JSON, or JSON that is not a request. */
public final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient WireError error;
    private final transient com.fasterxml.jackson.databind.JsonNode id;

    public MalformedRequestException(WireError error, com.fasterxml.jackson.databind.JsonNode id) {
        super(error.message(), null, false, false);
        this.error = error;
        this.id = id;
    }

    public WireError error() {
        return error;
    }

    /** The id, when one could be read; {@code null} otherwise. */
    public com.fasterxml.jackson.databind.JsonNode id() {
        return id;
    }
}
