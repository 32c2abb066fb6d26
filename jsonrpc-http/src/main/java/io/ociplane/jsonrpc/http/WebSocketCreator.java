package io.ociplane.jsonrpc.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;

/**
 * Accepts WebSocket upgrades on {@code /jsonrpc} and {@code /jsonrpc/<callsign>}. Whatever subprotocol is offered,
 * the channel speaks JSON-RPC; the offered one is echoed ({@code notification} preferred), never refused.
 */
final class WebSocketCreator implements JettyWebSocketCreator {

    private final JsonRpcHost host;

    WebSocketCreator(JsonRpcHost host) {
        this.host = host;
    }

    @Override
    public Object createWebSocket(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) {
        try {
            if (!host.hostPolicy().accepts(req.getHeader("Host"))) {
                resp.sendForbidden("Host header not accepted");
                return null;
            }
            // The upgrade is handled before servlet mapping: take the whole path and drop the /jsonrpc prefix.
            jakarta.servlet.http.HttpServletRequest http = req.getHttpServletRequest();
            String path = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
            Endpoints.Endpoint endpoint = Endpoints.resolve(host,
                    path.startsWith("/jsonrpc") ? path.substring("/jsonrpc".length()) : path, false, 503);
            if (endpoint.failed()) {
                resp.sendError(503, "Could not find a correct service for this socket.");
                return null;
            }
            List<String> offered = req.getSubProtocols();
            if (offered != null && !offered.isEmpty()) {
                resp.setAcceptedSubProtocol(offered.contains("notification") ? "notification" : offered.get(0));
            }
            return new WebSocketChannel(host, endpoint.callsign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
