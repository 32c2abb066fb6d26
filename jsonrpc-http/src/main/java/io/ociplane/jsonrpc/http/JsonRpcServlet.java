package io.ociplane.jsonrpc.http;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.time.Duration;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.access.Admission;
import io.ociplane.jsonrpc.dispatch.Caller;
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
    private transient String boundHost;
    private transient int port;
    private transient ServerErrorPage errorPage;
    private transient JettyWebSocketServerContainer webSockets;
    private transient WebSocketCreator webSocketCreator;

    /**
     * The address the HTTP runtime really listens on, from its {@code osgi.http.endpoint} property (the framework
     * properties are empty when Felix HTTP is configured through ConfigAdmin).
     */
    @Reference(service = HttpServiceRuntime.class)
    void httpRuntime(Map<String, Object> properties) {
        URI endpoint = Endpoints.listening(properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
        if (endpoint != null) {
            boundHost = endpoint.getHost();
            port = endpoint.getPort();
        }
    }

    @Activate
    void activate(BundleContext context) {
        if (boundHost == null) {
            boundHost = context.getProperty("org.apache.felix.http.host");
            String p = context.getProperty("org.osgi.service.http.port");
            port = p == null || !p.matches("\\d{1,5}") ? 8080 : Integer.parseInt(p); // 8080: Felix HTTP's default
        }
        errorPage = new ServerErrorPage(host.codec());
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        JettyWebSocketServerContainer ws = JettyWebSocketServerContainer.getContainer(config.getServletContext());
        // Text messages are bounded like HTTP bodies (close 1009 above); binary ones are refused at their first
        // fragment (1003, WebSocketChannel), the bound only backs that up.
        ws.setMaxTextMessageSize(host.maxRequestBytes());
        ws.setMaxBinaryMessageSize(host.maxRequestBytes());
        ws.setIdleTimeout(WEBSOCKET_IDLE);
        // Upgrades are made by this servlet itself (service), not through a path mapping of the HTTP runtime's
        // context: such a mapping outlives the servlet and made a restarted or updated host fail its init with
        // "Duplicate WebSocket Mapping".
        webSockets = ws;
        webSocketCreator = new WebSocketCreator(host, errorPage);
        errorPage.prime(host.timer(), boundHost, port);
        String address = boundHost + ":" + port;
        LOG.info("Ready: JSON-RPC on http://{}/jsonrpc and ws://{}/jsonrpc", address, address);
    }

    @Override
    public void destroy() {
        errorPage.remove();
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        errorPage.adopt(req);
        try {
            serve(req, resp);
        } catch (RuntimeException | Error e) {
            failed(req, resp, e);
        }
    }

    /**
     * A failure nothing else caught, out of memory included: answered as a JSON-RPC error while the response can
     * still be changed, without the failure's text (it may show internals).
     */
    private void failed(HttpServletRequest req, HttpServletResponse resp, Throwable e) throws IOException {
        LOG.warn("Request failed", e);
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        resp.setHeader("Cache-Control", JsonErrorHandler.NO_CACHE);
        String reason = e instanceof OutOfMemoryError ? "the runtime is short of memory; try again"
                : "the server failed to answer this request";
        answer(req, resp, 500, host.dispatcher().malformed(null, host.codec().profile().httpFailure(500, reason)));
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", JsonErrorHandler.NO_CACHE);
        if (!host.hostPolicy().accepts(req.getHeader("Host"), req.getLocalAddr())) {
            answer(req, resp, 403, host.dispatcher().malformed(null,
                    host.codec().profile().invalidRequest("Host header not accepted: " + req.getHeader("Host"))));
            return;
        }
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade")) && webSockets.upgrade(webSocketCreator, req, resp)) {
            return;
        }
        switch (req.getMethod()) {
            case "POST" -> {
                Admission admission = ConnectionAccess.admit(host, req, null);
                if (admission.isRefused()) {
                    unauthorized(req, resp, admission.reason());
                    return;
                }
                allowOrigin(resp, admission.allowOrigin());
                post(req, resp, admission.caller());
            }
            case "OPTIONS" -> preflight(req, resp);
            default -> {
                resp.setHeader("Allow", "POST, OPTIONS");
                answer(req, resp, 405, host.dispatcher().malformed(null,
                        host.codec().profile().invalidRequest("JSON-RPC only supported via POST request with a body")));
            }
        }
    }

    /** A browser's CORS preflight; it runs nothing, and the real request is checked on its own. */
    private void preflight(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        if (origin != null && host.accessPolicy().preflightAllowed(origin,
                req.getHeader("Access-Control-Request-Headers"))) {
            allowOrigin(resp, origin);
            resp.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
            resp.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
            resp.setHeader("Access-Control-Max-Age", "3600");
        }
        RequestBody.finish(req, resp, host.maxRequestBytes());
        resp.setStatus(204);
    }

    private static void allowOrigin(HttpServletResponse resp, String origin) {
        if (origin != null) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            if (!origin.equals("*")) {
                resp.setHeader("Vary", "Origin");
            }
        }
    }

    /** Thunder's refusal: 401 without a body; the reason goes into the standard Bearer challenge. */
    private void unauthorized(HttpServletRequest req, HttpServletResponse resp, String reason) {
        LOG.debug("Request refused: {}", reason);
        RequestBody.finish(req, resp, host.maxRequestBytes());
        String text = reason == null ? "" : reason.replaceAll("[^\\x20-\\x7e]", "?").replace('"', '\'');
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"jsonrpc\", error_description=\"" + text + "\"");
        resp.setStatus(401);
    }

    private void post(HttpServletRequest req, HttpServletResponse resp, Caller caller) throws IOException {
        WireProfile profile = host.codec().profile();
        Endpoints.Endpoint endpoint = Endpoints.resolve(host, req.getPathInfo(), profile != WireProfile.R5,
                profile == WireProfile.R2 ? 400 : 404);
        if (endpoint.failed()) {
            answer(req, resp, endpoint.failureStatus(),
                    host.dispatcher().malformed(null, profile.unknownCallsign().withData(endpoint.failure())));
            return;
        }
        int limit = host.maxRequestBytes();
        byte[] body = RequestBody.read(req, limit);
        if (body == null) {
            answer(req, resp, 413, host.dispatcher().malformed(null,
                    profile.invalidRequest("request body exceeds the limit of " + limit + " bytes")));
            return;
        }
        Reply reply;
        try {
            Request request = host.codec().readRequest(body, body.length);
            reply = host.dispatcher().dispatch(request, endpoint.callsign(), null, caller);
        } catch (MalformedRequestException e) {
            answer(req, resp, profile == WireProfile.R5 && e.error().code() == -31050 ? 400 : profile.errorHttpStatus(),
                    host.dispatcher().malformed(e.id(), e.error()));
            return;
        }
        if (reply.denied()) {
            unauthorized(req, resp, "the caller's role does not allow this call");
            return;
        }
        answer(req, resp, reply.body() == null ? 204 : reply.error() ? profile.errorHttpStatus() : 200, reply);
    }

    /**
     * Every answer with a status and a JSON body goes out here, after the request's body has been read to its end
     * or the answer says it closes the connection ({@link RequestBody#finish}).
     */
    private void answer(HttpServletRequest req, HttpServletResponse resp, int status, Reply reply) throws IOException {
        RequestBody.finish(req, resp, host.maxRequestBytes());
        resp.setStatus(status);
        if (reply.body() == null) {
            return;
        }
        resp.setContentType("application/json");
        resp.setContentLength(reply.body().length);
        resp.getOutputStream().write(reply.body());
    }
}
