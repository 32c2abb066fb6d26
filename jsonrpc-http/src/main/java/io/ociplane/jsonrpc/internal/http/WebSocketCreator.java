package io.ociplane.jsonrpc.internal.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketCreator;

import io.ociplane.jsonrpc.internal.access.Admission;

/**
 * Accepts WebSocket upgrades on {@code /jsonrpc} and {@code /jsonrpc/<callsign>} for one host. Whatever
 * subprotocol is offered, the channel speaks JSON-RPC; the offered one is echoed ({@code notification} preferred),
 * never refused.
 */
final class WebSocketCreator implements JettyWebSocketCreator {

    private final JsonRpcHost host;
    private final ServerErrorPage errorPage;
    private final OpenSockets sockets;

    WebSocketCreator(JsonRpcHost host, ServerErrorPage errorPage, OpenSockets sockets) {
        this.host = host;
        this.errorPage = errorPage;
        this.sockets = sockets;
    }

    @Override
    public Object createWebSocket(JettyServerUpgradeRequest req, JettyServerUpgradeResponse resp) {
        try {
            jakarta.servlet.http.HttpServletRequest http = req.getHttpServletRequest();
            errorPage.adopt(http);
            if (!host.hostPolicy().accepts(req.getHeader("Host"), http.getLocalAddr())) {
                resp.sendForbidden("Host header not accepted");
                return null;
            }
            // Browsers cannot set headers on a WebSocket: the token comes as ?token= and holds for the connection.
            List<String> tokens = req.getParameterMap().get("token");
            Admission admission = ConnectionAccess.admit(host, http,
                    tokens == null || tokens.isEmpty() ? null : tokens.get(0));
            if (admission.isRefused()) {
                resp.sendForbidden("Security prohibites this connection."); // Thunder's text, sic
                return null;
            }
            // The upgrade is handled before servlet mapping: take the whole path and drop the /jsonrpc prefix.
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
            return new WebSocketChannel(host, endpoint.callsign(), admission.caller(), sockets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
