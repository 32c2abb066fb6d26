package io.ociplane.jsonrpc.internal.http;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.time.Duration;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.internal.access.Admission;
import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Reply;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.MalformedRequestException;
import io.ociplane.jsonrpc.internal.wire.Request;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The JSON-RPC endpoint: {@code POST /jsonrpc} and {@code /jsonrpc/<callsign>} over HTTP, and the WebSocket
 * upgrade on the same paths. HTTP statuses follow the host's wire profile. The endpoint outlives a host that is
 * replaced (a configuration change): requests wait for the next host within the restart grace, and WebSocket
 * connections opened with the old host are closed so that clients connect again (docs/host-restart.md).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({ "/jsonrpc", "/jsonrpc/*" })
public class JsonRpcServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Thunder's default {@code idletime}. */
    private static final Duration WEBSOCKET_IDLE = Duration.ofSeconds(180);
    /** When a client that got 503 (no host within the grace) may try again, in seconds. */
    private static final String RETRY_AFTER_SECONDS = "1";
    /** How long an endpoint that is unmapped lets the requests it is serving end: the host's restart grace. */
    private static final long DRAIN_MILLIS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServlet.class);

    private final transient HostSlot hosts = new HostSlot();
    private final transient OpenSockets sockets = new OpenSockets(hosts);
    private final transient InFlight inFlight = new InFlight();
    private transient String boundHost;
    private transient int port;
    private transient ServerErrorPage errorPage;
    private transient volatile JettyWebSocketServerContainer webSockets;
    /** The host whose readiness was announced last (null again when it goes). */
    private transient JsonRpcHost announced;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHost(JsonRpcHost host) {
        hosts.bind(host);
        if (webSockets != null) {
            ready(host);
        }
    }

    /** The host goes: its WebSocket connections too (their registrations were in it); requests wait for the next. */
    void unbindHost(JsonRpcHost host) {
        hosts.unbind(host);
        sockets.closeAll(host, WebSocketChannel.HOST_RESTART, WebSocketChannel.HOST_RESTART_REASON);
        synchronized (this) {
            if (announced == host) {
                announced = null;
            }
        }
    }

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
        hosts.beforeFirstHost(context);
        errorPage = new ServerErrorPage(hosts::codec);
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        JettyWebSocketServerContainer ws = JettyWebSocketServerContainer.getContainer(config.getServletContext());
        ws.setIdleTimeout(WEBSOCKET_IDLE); // message size bounds are the host's, set per connection
        // Upgrades are made by this servlet itself (service), not through a path mapping of the HTTP runtime's
        // context: such a mapping outlives the servlet and made a restarted or updated host fail its init with
        // "Duplicate WebSocket Mapping".
        webSockets = ws;
        hosts.open();
        JsonRpcHost host = hosts.current();
        if (host != null) {
            ready(host);
        }
    }

    /** Says once per host that the endpoint serves, and installs the JSON error page. */
    private void ready(JsonRpcHost host) {
        synchronized (this) {
            if (announced == host) {
                return;
            }
            announced = host;
        }
        errorPage.prime(host.timer(), boundHost, port);
        String address = boundHost + ":" + port;
        // Ready: only once the plugins that start activated serve (docs/readiness.md), so a script that waits for
        // this line can call them at once
        host.whenReady().thenRun(() -> LOG.info("Ready: JSON-RPC on http://{}/jsonrpc and ws://{}/jsonrpc", address,
                address));
    }

    /** The endpoint is unmapped (this bundle or the HTTP runtime stops): nothing waits for a host any more. */
    @Override
    public void destroy() {
        hosts.close();
        sockets.closeAll(null, StatusCode.SHUTDOWN, "the JSON-RPC endpoint stops");
        // the requests already running end on this code before the bundle can be refreshed under them
        int left = inFlight.awaitNone(DRAIN_MILLIS);
        if (left > 0) {
            LOG.warn("{} request(s) still running {} ms after the endpoint was unmapped", left, DRAIN_MILLIS);
        }
        errorPage.remove();
        synchronized (this) {
            announced = null;
        }
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        inFlight.enter();
        try {
            serveOrRefuse(req, resp);
        } finally {
            inFlight.exit();
        }
    }

    private void serveOrRefuse(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        errorPage.adopt(req);
        JsonRpcHost host = hosts.await();
        if (host == null) {
            unavailable(resp, "the JSON-RPC host is not running (being restarted, or it failed to start); try again");
            return;
        }
        try {
            serve(host, req, resp);
        } catch (RuntimeException | Error e) {
            failed(host, req, resp, e);
        }
    }

    /**
     * No host came within the grace (or the endpoint is going): 503 with a JSON-RPC error and Retry-After, so a
     * client knows nothing ran and when to try again.
     */
    private void unavailable(HttpServletResponse resp, String reason) throws IOException {
        JsonCodec codec = hosts.codec();
        resp.setHeader("Cache-Control", JsonErrorHandler.NO_CACHE);
        resp.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        resp.setHeader("Connection", "close"); // the body is not read (or could not be): the connection ends
        write(resp, 503, new Reply(codec.error(null, codec.profile().httpFailure(503, reason)), true));
    }

    /**
     * A failure nothing else caught, out of memory included: answered as a JSON-RPC error while the response can
     * still be changed, without the failure's text (it may show internals).
     */
    private void failed(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp, Throwable e)
            throws IOException {
        LOG.warn("Request failed", e);
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        resp.setHeader("Cache-Control", JsonErrorHandler.NO_CACHE);
        String reason = e instanceof OutOfMemoryError ? "the runtime is short of memory; try again"
                : "the server failed to answer this request";
        answer(host, req, resp, 500,
                host.dispatcher().malformed(null, host.codec().profile().httpFailure(500, reason)));
    }

    private void serve(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", JsonErrorHandler.NO_CACHE);
        if (!host.hostPolicy().accepts(req.getHeader("Host"), req.getLocalAddr())) {
            answer(host, req, resp, 403, host.dispatcher().malformed(null,
                    host.codec().profile().invalidRequest("Host header not accepted: " + req.getHeader("Host"))));
            return;
        }
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))
                && webSockets.upgrade(new WebSocketCreator(host, errorPage, sockets), req, resp)) {
            return;
        }
        switch (req.getMethod()) {
            case "POST" -> {
                Admission admission = ConnectionAccess.admit(host, req, null);
                if (admission.isRefused()) {
                    unauthorized(host, req, resp, admission.reason());
                    return;
                }
                allowOrigin(resp, admission.allowOrigin());
                post(host, req, resp, admission.caller());
            }
            case "OPTIONS" -> preflight(host, req, resp);
            default -> {
                resp.setHeader("Allow", "POST, OPTIONS");
                answer(host, req, resp, 405, host.dispatcher().malformed(null,
                        host.codec().profile().invalidRequest("JSON-RPC only supported via POST request with a body")));
            }
        }
    }

    /** A browser's CORS preflight; it runs nothing, and the real request is checked on its own. */
    private static void preflight(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp) {
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
    private static void unauthorized(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp,
            String reason) {
        LOG.debug("Request refused: {}", reason);
        RequestBody.finish(req, resp, host.maxRequestBytes());
        String text = reason == null ? "" : reason.replaceAll("[^\\x20-\\x7e]", "?").replace('"', '\'');
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"jsonrpc\", error_description=\"" + text + "\"");
        resp.setStatus(401);
    }

    private void post(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp, Caller caller)
            throws IOException {
        WireProfile profile = host.codec().profile();
        Endpoints.Endpoint endpoint = Endpoints.resolve(host, req.getPathInfo(), profile != WireProfile.R5,
                profile == WireProfile.R2 ? 400 : 404);
        if (endpoint.failed()) {
            answer(host, req, resp, endpoint.failureStatus(),
                    host.dispatcher().malformed(null, profile.unknownCallsign().withData(endpoint.failure())));
            return;
        }
        int limit = host.maxRequestBytes();
        byte[] body;
        try {
            body = RequestBody.read(req, limit);
        } catch (IOException cut) {
            // The connection ended inside the body: the client went, or the HTTP server is stopping (it cuts its
            // connections before it unmaps the endpoint). Nothing ran; an answer, if it can still go out, says so
            // in JSON-RPC rather than as the HTTP server's HTML page for a failed request.
            unavailable(resp, "the request body ended before its length; nothing ran; try again");
            return;
        }
        if (body == null) {
            answer(host, req, resp, 413, host.dispatcher().malformed(null,
                    profile.invalidRequest("request body exceeds the limit of " + limit + " bytes")));
            return;
        }
        if (body.length == 0) {
            noBody(host, req, resp, profile);
            return;
        }
        Reply reply;
        try {
            Request request = host.codec().readRequest(body, body.length);
            reply = host.dispatcher().dispatch(request, endpoint.callsign(), null, caller);
        } catch (MalformedRequestException e) {
            if (profile == WireProfile.R5 && e.kind() == MalformedRequestException.Kind.NOTHING) {
                noBody(host, req, resp, profile); // R5 takes {} for no body at all
                return;
            }
            answer(host, req, resp, malformedStatus(profile, e), host.dispatcher().malformed(e.id(), e.error()));
            return;
        }
        if (reply.denied()) {
            unauthorized(host, req, resp, "the caller's role does not allow this call");
            return;
        }
        answer(host, req, resp, reply.body() == null ? 204 : reply.error() ? profile.errorHttpStatus() : 200, reply);
    }

    /**
     * A POST without a body is no JSON-RPC call: R5 answers 405 without a body and without CORS; R2/R4 hand it to
     * the Controller's web handler, which answers 400 ("There are no POST handlers!") without a body.
     */
    private static void noBody(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp,
            WireProfile profile) {
        RequestBody.finish(req, resp, host.maxRequestBytes());
        if (profile == WireProfile.R5) {
            resp.setHeader("Access-Control-Allow-Origin", null);
            resp.setHeader("Vary", null);
            resp.setHeader("Allow", "POST");
            resp.setStatus(405);
        } else {
            resp.setStatus(400);
        }
    }

    /**
     * R5: what Thunder's parser could not read is 400, or 200 once it read the id (it answers the call then);
     * a request without a method 200. R2/R4: the error status, as every failed call (ours: docs/thunder-wire.md).
     */
    private static int malformedStatus(WireProfile profile, MalformedRequestException e) {
        if (profile == WireProfile.R5 && e.kind() == MalformedRequestException.Kind.UNREADABLE
                && (e.id() == null || e.id().isNull())) {
            return 400;
        }
        return profile.errorHttpStatus();
    }

    /**
     * Every answer with a status and a JSON body for a request a host took goes out here, after the request's body
     * has been read to its end or the answer says it closes the connection ({@link RequestBody#finish}).
     */
    private static void answer(JsonRpcHost host, HttpServletRequest req, HttpServletResponse resp, int status,
            Reply reply) throws IOException {
        RequestBody.finish(req, resp, host.maxRequestBytes());
        write(resp, status, reply);
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
