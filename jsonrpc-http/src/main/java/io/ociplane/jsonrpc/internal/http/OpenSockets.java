package io.ociplane.jsonrpc.internal.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint's open WebSocket connections. Each belongs to the host it was opened with: its registrations are in
 * that host, and its calls run on that host's workers, so when the host goes its connections are closed and
 * clients connect again to the next host, and register again, as after a Thunder restart (docs/host-restart.md).
 */
final class OpenSockets {

    private final Set<WebSocketChannel> open = ConcurrentHashMap.newKeySet();
    private final HostSlot hosts;

    OpenSockets(HostSlot hosts) {
        this.hosts = hosts;
    }

    /** A connection opened; one whose host has gone in the meantime is closed at once. */
    void opened(WebSocketChannel channel) {
        open.add(channel);
        if (hosts.current() != channel.host()) { // its host left between the upgrade and now
            channel.goAway(WebSocketChannel.HOST_RESTART, WebSocketChannel.HOST_RESTART_REASON);
        }
    }

    void closed(WebSocketChannel channel) {
        open.remove(channel);
    }

    /** Closes the connections opened with this host, or every connection when {@code host} is null. */
    void closeAll(JsonRpcHost host, int code, String reason) {
        for (WebSocketChannel c : open) {
            if (host == null || c.host() == host) {
                c.goAway(code, reason);
            }
        }
    }
}
