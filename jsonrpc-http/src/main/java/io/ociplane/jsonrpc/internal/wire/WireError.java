package io.ociplane.jsonrpc.internal.wire;

/**
 * An error as it goes on the wire: {@code {"code":..,"message":..[,"data":..]}}.
 *
 * @param data a reason for people, or {@code null} (Thunder never sends one; clients ignore it)
 */
public record WireError(int code, String message, Object data) {

    public WireError withData(Object reason) {
        return new WireError(code, message, reason);
    }
}
