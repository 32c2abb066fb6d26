package io.ociplane.jsonrpc.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import io.ociplane.jsonrpc.dispatch.Caller;
import io.ociplane.jsonrpc.dispatch.Channel;
import io.ociplane.jsonrpc.dispatch.Reply;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.wire.MalformedRequestException;
import io.ociplane.jsonrpc.wire.Request;

/**
 * One WebSocket connection: each text message is a call, run on the host's workers so that calls on one socket
 * proceed concurrently (responses may come back out of order, as in Thunder R4); events registered on it are sent
 * to it. Public because Jetty binds its listener methods through method handles.
 */
public final class WebSocketChannel implements Session.Listener.AutoDemanding, Channel {

    private final JsonRpcHost host;
    private final String endpointCallsign;
    private final Caller caller;
    private volatile Session session;

    WebSocketChannel(JsonRpcHost host, String endpointCallsign, Caller caller) {
        this.host = host;
        this.endpointCallsign = endpointCallsign;
        this.caller = caller;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
    }

    @Override
    public void onWebSocketText(String text) {
        Request request;
        try {
            request = host.codec().readRequest(text);
        } catch (MalformedRequestException e) {
            reply(host.dispatcher().malformed(e.id(), e.error()));
            return;
        }
        try {
            host.workers().execute(() -> reply(host.dispatcher().dispatch(request, endpointCallsign, this, caller)));
        } catch (RejectedExecutionException e) {
            reply(host.dispatcher().malformed(request.id(), host.codec().profile().map(CoreError.INPROGRESS)
                    .withData("the host is overloaded; try again")));
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        session = null;
        host.subscriptions().dropChannel(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        host.subscriptions().dropChannel(this);
    }

    @Override
    public void send(String text) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(text, Callback.NOOP);
        }
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
}
