package io.ociplane.jsonrpc.http;

import java.io.IOException;
import java.time.Duration;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.dispatch.Reply;
import io.ociplane.jsonrpc.wire.MalformedRequestException;
import io.ociplane.jsonrpc.wire.Request;
import io.ociplane.jsonrpc.wire.WireProfile;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON-RPC endpoint: {@code POST /jsonrpc} and {@code /jsonrpc/<callsign>} over HTTP, and the WebSocket
 * upgrade on the same paths. HTTP statuses follow the host's wire profile.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/jsonrpc", "/jsonrpc/*" })
public class JsonRpcServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Thunder's default {@code idletime}. */
    private static final Duration WEBSOCKET_IDLE = Duration.ofSeconds(180);

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServlet.class);

    @Reference
    private transient JsonRpcHost host;
    private transient String address;

    @Activate
    void activate(BundleContext context) {
        address = context.getProperty("org.apache.felix.http.host") + ":"
                + context.getProperty("org.osgi.service.http.port");
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        JettyWebSocketServerContainer ws = JettyWebSocketServerContainer.getContainer(config.getServletContext());
        ws.setMaxTextMessageSize(host.maxRequestBytes());
        ws.setIdleTimeout(WEBSOCKET_IDLE);
        ws.addMapping("/jsonrpc/*", new WebSocketCreator(host));
        LOG.info("Ready: JSON-RPC on http://{}/jsonrpc and ws://{}/jsonrpc", address, address);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        commonHeaders(resp);
        if (!host.hostPolicy().accepts(req.getHeader("Host"))) {
            write(resp, 403, host.dispatcher().malformed(null,
                    host.codec().profile().invalidRequest("Host header not accepted: " + req.getHeader("Host"))));
            return;
        }
        switch (req.getMethod()) {
            case "POST" -> post(req, resp);
            case "OPTIONS" -> {
                resp.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
                resp.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
                resp.setHeader("Access-Control-Max-Age", "3600");
                resp.setStatus(204);
            }
            default -> {
                resp.setHeader("Allow", "POST, OPTIONS");
                write(resp, 405, host.dispatcher().malformed(null,
                        host.codec().profile().invalidRequest("JSON-RPC only supported via POST request with a body")));
            }
        }
    }

    private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        WireProfile profile = host.codec().profile();
        Endpoints.Endpoint endpoint = Endpoints.resolve(host, req.getPathInfo(), profile != WireProfile.R5,
                profile == WireProfile.R2 ? 400 : 404);
        if (endpoint.failed()) {
            write(resp, endpoint.failureStatus(),
                    host.dispatcher().malformed(null, profile.unknownCallsign().withData(endpoint.failure())));
            return;
        }
        int limit = host.maxRequestBytes();
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            tooLarge(resp, profile, limit);
            return;
        }
        // With a Content-Length the body is read into an array of exactly that size; readNBytes(limit + 1) would
        // allocate an 8 KiB chunk per request, which was more than half of the host's garbage under load.
        byte[] body = req.getInputStream().readNBytes(declared >= 0 ? (int) declared : limit + 1);
        if (body.length > limit) {
            tooLarge(resp, profile, limit);
            return;
        }
        Reply reply;
        try {
            Request request = host.codec().readRequest(body, body.length);
            reply = host.dispatcher().dispatch(request, endpoint.callsign(), null);
        } catch (MalformedRequestException e) {
            write(resp, profile == WireProfile.R5 && e.error().code() == -31050 ? 400 : profile.errorHttpStatus(),
                    host.dispatcher().malformed(e.id(), e.error()));
            return;
        }
        write(resp, reply.body() == null ? 204 : reply.error() ? profile.errorHttpStatus() : 200, reply);
    }

    private void tooLarge(HttpServletResponse resp, WireProfile profile, int limit) throws IOException {
        write(resp, 413, host.dispatcher().malformed(null,
                profile.invalidRequest("request body exceeds the limit of " + limit + " bytes")));
    }

    private static void commonHeaders(HttpServletResponse resp) {
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setHeader("Cache-Control",
                "no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0");
    }

    private static void write(HttpServletResponse resp, int status, Reply reply) throws IOException {
        resp.setStatus(status);
        if (reply.body() == null) {
            return;
        }
        resp.setContentType("application/json");
        resp.setContentLength(reply.body().length);
        resp.getOutputStream().write(reply.body());
    }
}
