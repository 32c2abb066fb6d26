package io.ociplane.jsonrpc.internal.access;

import io.ociplane.jsonrpc.internal.dispatch.Caller;

/**
 * The verdict on a request or WebSocket upgrade before anything is dispatched.
 *
 * @param caller what the caller may do, or {@code null} when it is refused
 * @param allowOrigin the {@code Access-Control-Allow-Origin} value to send ({@code *} or the page's origin), or
 *            {@code null} to send none
 * @param reason why it was refused (for the log and the {@code WWW-Authenticate} header), or {@code null}
 */
public record Admission(Caller caller, String allowOrigin, String reason) {

    static Admission admitted(Caller caller, String allowOrigin) {
        return new Admission(caller, allowOrigin, null);
    }

    static Admission refused(String reason) {
        return new Admission(null, null, reason);
    }

    public boolean isRefused() {
        return caller == null;
    }
}
