package io.ociplane.jsonrpc.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** A message that cannot be answered as a call: not JSON, or JSON that is not a request. */
public final class MalformedRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What was wrong with it, which decides how a transport answers (docs/thunder-wire.md#endpoints). */
    public enum Kind {
        /** Not JSON, or not one JSON object (a batch array): Thunder's parser failed on it. */
        UNREADABLE,
        /** A JSON object that is not a valid call (no method). */
        NOT_A_CALL,
        /** A JSON object without any member Thunder knows ({@code {}}): R5 answers it over HTTP as it does no body. */
        NOTHING
    }

    private final transient WireError error;
    private final transient JsonNode id;
    private final Kind kind;
    private final boolean incomplete;

    public MalformedRequestException(WireError error, JsonNode id) {
        this(error, id, Kind.UNREADABLE, false);
    }

    /**
     * @param incomplete whether the text ended inside the request (a truncated message), which R5 does not answer
     *            on a WebSocket: it waits for the rest
     */
    public MalformedRequestException(WireError error, JsonNode id, Kind kind, boolean incomplete) {
        super(error.message(), null, false, false);
        this.error = error;
        this.id = id;
        this.kind = kind;
        this.incomplete = incomplete;
    }

    public WireError error() {
        return error;
    }

    /** The id, when one could be read; {@code null} otherwise. */
    public JsonNode id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the text ended before the request did. */
    public boolean incomplete() {
        return incomplete;
    }
}
