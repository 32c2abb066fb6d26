package io.ociplane.jsonrpc.internal.dispatch;

/** A client connection that can receive events (a WebSocket). Identity is the connection's identity. */
public interface Channel {

    /** Sends one text message; must not block on a slow peer and may be called from any thread. */
    void send(String text);

    /** Whether the connection is still open; registrations made after it closed are undone. */
    default boolean isOpen() {
        return true;
    }

    /** Whether events of this callsign may go to this connection now (its caller may {@code register} there). */
    default boolean receives(String callsign) {
        return true;
    }
}
