package io.ociplane.jsonrpc.internal.controller;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * The client connections of one host, as {@code Controller.links} lists them (docs/controller-system.md): its
 * WebSocket connections while they are open ({@code WebSocket}) and the HTTP requests being served
 * ({@code WebServer}), each with an id of its own.
 */
public final class Links {

    /** Thunder's link states the host has. */
    public static final String WEB_SOCKET = "WebSocket";
    public static final String WEB_SERVER = "WebServer";

    private record Link(String address, int port, String state) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Link> open = new ConcurrentSkipListMap<>();

    /** A connection opened (or a request began); returns its id, for {@link #closed(long)}. */
    public long opened(InetSocketAddress remote, String state) {
        long id = ids.incrementAndGet();
        open.put(id, new Link(remote == null ? "" : remote.getHostString(), remote == null ? 0 : remote.getPort(),
                state));
        return id;
    }

    public void closed(long id) {
        open.remove(id);
    }

    public boolean has(long id) {
        return open.containsKey(id);
    }

    /**
     * {@code [{remote, state, activity, id}]} in R4's member order, {@code [{remote, state, id, activity}]} in R5's,
     * by id; R4 shows the remote address, R5 {@code address@port} (Thunder R5.3 writes the peer's name there; we
     * do not look names up). {@code activity} is true: a link is listed only while it is open.
     */
    public List<Map<String, Object>> report(WireProfile profile) {
        List<Map<String, Object>> out = new ArrayList<>();
        open.forEach((id, link) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            if (profile == WireProfile.R5) {
                e.put("remote", link.address() + "@" + link.port());
                e.put("state", link.state());
                e.put("id", id);
                e.put("activity", true);
            } else {
                e.put("remote", link.address());
                e.put("state", link.state());
                e.put("activity", true);
                e.put("id", id);
            }
            out.add(e);
        });
        return out;
    }
}
