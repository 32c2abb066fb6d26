package io.ociplane.jsonrpc.internal.dispatch;

/**
 * Who sent a request, as far as access goes: the dispatcher asks it before it routes a call, and event delivery
 * asks it before it sends an event ({@code register} on the event's callsign).
 */
@FunctionalInterface
public interface Caller {

    /** The device administrator (local root) or an insecure runtime: everything is allowed. */
    Caller TRUSTED = (callsign, method) -> true;

    /**
     * @param callsign the plugin's callsign
     * @param method the bare method name, without version or index
     */
    boolean allows(String callsign, String method);
}
