package io.ociplane.jsonrpc.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Channel;
import io.ociplane.jsonrpc.internal.dispatch.Reply;
import io.ociplane.jsonrpc.internal.wire.MalformedRequestException;
import io.ociplane.jsonrpc.internal.wire.Request;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.CoreError;

/**
 * One WebSocket connection: each text message is a call, run on the host's workers so that calls on one socket
 * proceed concurrently (responses may come back out of order, as in Thunder R4); events registered on it are sent
 * to it. What waits unsent for the client is bounded ({@link OutboundBudget}): a client that lets more pile up is
 * closed with 1008 and loses its registrations; binary messages are refused with 1003 (docs/wire.md). Public
 * because Jetty binds its listener methods through method handles.
 */
public final class WebSocketChannel implements Session.Listener.AutoDemanding, Channel {

    /** How long a slow reader's close frame may wait behind its unread messages before the connection is cut. */
    static final long CLOSE_GRACE_MILLIS = 5_000;
    /** The close status when the host the connection was opened with goes (RFC 6455: service restart). */
    static final int HOST_RESTART = StatusCode.SERVICE_RESTART;
    static final String HOST_RESTART_REASON = "the JSON-RPC host restarts: connect and register again";
    /**
     * How long a reply waits at most for events that began before it to be sent (they send without blocking; the
     * bound only keeps a reply from waiting on a stuck emitter).
     */
    static final long EVENT_ORDER_BOUND_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketChannel.class);

    private final JsonRpcHost host;
    private final String endpointCallsign;
    private final Caller caller;
    private final OutboundBudget outbound;
    private final OpenSockets sockets;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Session session;
    private volatile boolean closed;

    WebSocketChannel(JsonRpcHost host, String endpointCallsign, Caller caller, OpenSockets sockets) {
        this.host = host;
        this.endpointCallsign = endpointCallsign;
        this.caller = caller;
        this.outbound = new OutboundBudget(host.maxQueuedMessages(), host.maxQueuedBytes());
        this.sockets = sockets;
    }

    /** The host this connection was opened with: its calls and registrations are there. */
    JsonRpcHost host() {
        return host;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        // Text messages are bounded like HTTP bodies (larger ones close with 1009), by this connection's host;
        // binary ones are refused at their first fragment (1003), the bound only backs that up.
        s.setMaxTextMessageSize(host.maxRequestBytes());
        s.setMaxBinaryMessageSize(host.maxRequestBytes());
        this.session = s;
        sockets.opened(this);
    }

    @Override
    public void onWebSocketText(String text) {
        Request request;
        try {
            request = host.codec().readRequest(text);
        } catch (MalformedRequestException e) {
            if (host.codec().profile() == WireProfile.R5 && e.kind() == MalformedRequestException.Kind.UNREADABLE) {
                // R5.3 sends nothing back for a message its parser cannot read (docs/thunder-wire.md#websocket)
                LOG.debug("WebSocket message not answered (R5): {}", e.error().message());
                return;
            }
            reply(host.dispatcher().malformed(e.id(), e.error()));
            return;
        }
        try {
            host.workers().execute(() -> call(request));
        } catch (RejectedExecutionException e) {
            reply(host.dispatcher().malformed(request.id(), host.codec().profile().map(CoreError.INPROGRESS)
                    .withData("the host is overloaded; try again")));
        }
    }

    private void call(Request request) {
        Reply reply;
        try {
            reply = host.dispatcher().dispatch(request, endpointCallsign, this, caller);
        } catch (RuntimeException | Error e) {
            // e.g. a result that cannot be written as JSON: the client still gets an answer, without internals
            LOG.warn("Call {} failed", request.method(), e);
            reply = host.dispatcher().malformed(request.id(),
                    host.codec().profile().httpFailure(500, "the server failed to answer this request"));
        }
        if (reply.body() != null && host.subscriptions().countOf(this) > 0
                && !host.eventOrder().awaitEarlier(EVENT_ORDER_BOUND_MILLIS)) {
            LOG.warn("Events of call {} still being sent after {} ms; its reply goes now", request.method(),
                    EVENT_ORDER_BOUND_MILLIS);
        }
        reply(reply);
    }

    /** JSON-RPC travels in text messages only; a binary one is refused at its first fragment. */
    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        callback.succeed();
        close(StatusCode.BAD_DATA, "binary messages are not JSON-RPC: send text");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed = true;
        session = null;
        host.subscriptions().dropChannel(this);
        sockets.closed(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        host.subscriptions().dropChannel(this);
        sockets.closed(this);
    }

    @Override
    public void send(String text) {
        Session s = session;
        if (s == null || closing.get() || !s.isOpen()) {
            return;
        }
        // R4/R5 escape every non-ASCII character, so characters are bytes; R2's UTF-8 may be up to 3 per char.
        int size = text.length();
        if (!outbound.reserve(size)) {
            closeSlowReader();
            return;
        }
        s.sendText(text, Callback.from(() -> outbound.release(size), x -> outbound.release(size)));
    }

    @Override
    public boolean isOpen() {
        return !closed && !closing.get();
    }

    @Override
    public boolean receives(String callsign) {
        return caller.allows(callsign, "register");
    }

    private void reply(Reply reply) {
        if (reply.body() != null) {
            send(new String(reply.body(), StandardCharsets.UTF_8));
        }
    }

    private void closeSlowReader() {
        String reason = outbound.overflowReason();
        if (close(StatusCode.POLICY_VIOLATION, reason)) {
            LOG.warn("WebSocket client {} closed: {}", remote(), reason);
        }
    }

    /** Ends the connection because its host or the endpoint goes (see {@link #close}). */
    void goAway(int code, String reason) {
        close(code, reason);
    }

    /**
     * Ends the connection with a close frame; its registrations end at once. The frame queues behind what the
     * client has not read, so the connection is cut if it has not closed after {@link #CLOSE_GRACE_MILLIS}.
     *
     * @return false when the connection was closing already
     */
    private boolean close(int code, String reason) {
        Session s = session;
        if (s == null || !closing.compareAndSet(false, true)) {
            return false;
        }
        host.subscriptions().dropChannel(this);
        s.close(code, reason, Callback.NOOP);
        try {
            host.timer().schedule(() -> {
                if (!closed) {
                    s.disconnect();
                }
            }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            s.disconnect(); // the host is stopping
        }
        return true;
    }

    private Object remote() {
        Session s = session;
        return s == null ? "(gone)" : s.getRemoteSocketAddress();
    }
}
