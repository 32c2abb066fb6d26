package io.ociplane.jsonrpc.dispatch;

/**
 * What to send back for one message.
 *
 * @param body the response bytes, or {@code null} when nothing is sent (a successful notification)
 * @param error whether the response carries a JSON-RPC error
 */
public record Reply(byte[] body, boolean error) {

    public static final Reply NONE = new Reply(null, false);
}
