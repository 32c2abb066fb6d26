package io.ociplane.jsonrpc.dispatch;

/** A client connection that can receive events (a WebSocket). Identity is the connection's identity. */
public interface Channel {

    /** Sends one text message; must not block on a slow peer and may be called from any thread. */
    void send(String text);
}
