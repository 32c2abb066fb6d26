package io.ociplane.jsonrpc.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Channel;
import io.ociplane.jsonrpc.internal.dispatch.Reply;
import io.ociplane.jsonrpc.internal.wire.MalformedRequestException;
import io.ociplane.jsonrpc.internal.wire.Request;
import io.ociplane.jsonrpc.local.LocalJsonRpc;
import io.ociplane.jsonrpc.local.LocalSession;

/**
 * The host's endpoint for callers in the framework (the Gogo commands): the same codec, dispatcher and access check
 * as HTTP and WebSocket, with the caller the access policy names the local console administrator. Bound statically
 * to one host: a new host means a new endpoint, and sessions of the old one refuse further calls.
 */
@Component(service = LocalJsonRpc.class)
public class LocalEndpoint implements LocalJsonRpc {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEndpoint.class);

    @Reference
    private JsonRpcHost host;

    @Override
    public LocalSession open(Consumer<String> events) {
        return new Session(host, host.accessPolicy().localAdministrator(), events);
    }

    /** A session is a connection that can carry events, like a WebSocket, but answers on the caller's thread. */
    private static final class Session implements LocalSession, Channel {

        private final JsonRpcHost host;
        private final Caller caller;
        private final Consumer<String> events;
        private volatile boolean open = true;

        Session(JsonRpcHost host, Caller caller, Consumer<String> events) {
            this.host = host;
            this.caller = caller;
            this.events = events;
        }

        @Override
        public String call(String text) {
            if (!open) {
                throw new IllegalStateException("the session is closed");
            }
            Request request;
            try {
                request = host.codec().readRequest(text);
            } catch (MalformedRequestException e) {
                return text(host.dispatcher().malformed(e.id(), e.error()));
            }
            try {
                return text(host.dispatcher().dispatch(request, null, this, caller));
            } catch (RuntimeException e) {
                // as on the other transports: an answer without internals (e.g. a result Jackson cannot write)
                LOG.warn("Local call {} failed", request.method(), e);
                return text(host.dispatcher().malformed(request.id(),
                        host.codec().profile().httpFailure(500, "the server failed to answer this request")));
            }
        }

        private static String text(Reply reply) {
            return reply.body() == null ? null : new String(reply.body(), StandardCharsets.UTF_8);
        }

        @Override
        public void send(String text) {
            if (open) {
                events.accept(text);
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            host.subscriptions().dropChannel(this);
        }
    }
}
