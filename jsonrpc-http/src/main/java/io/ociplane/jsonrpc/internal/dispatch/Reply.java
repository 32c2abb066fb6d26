package io.ociplane.jsonrpc.internal.dispatch;

/**
 * What to send back for one message.
 *
 * @param body the response bytes, or {@code null} when nothing is sent (a successful notification)
 * @param error whether the response carries a JSON-RPC error
 * @param denied whether access control refused the call (HTTP answers it with 401 and no body)
 */
public record Reply(byte[] body, boolean error, boolean denied) {

    public static final Reply NONE = new Reply(null, false, false);

    public Reply(byte[] body, boolean error) {
        this(body, error, false);
    }
}
