package io.ociplane.jsonrpc.internal.http;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import io.ociplane.jsonrpc.internal.wire.JsonCodec;

/**
 * The server's error page for the JSON-RPC paths: whatever failure Jetty answers on {@code /jsonrpc*} (a request
 * line, path or header it cannot read, a bad {@code Content-Length}, a refused WebSocket upgrade, an exception
 * that escaped a servlet) goes out as a JSON-RPC error body, never as Jetty's HTML page (docs/wire.md). Requests
 * for other paths keep the error page the server had.
 */
final class JsonErrorHandler implements Request.Handler {

    /** Jetty's name for a request whose target it could not read far enough to know. */
    private static final String UNREADABLE_TARGET = "/badMessage";
    /** Jetty's name for a request whose path is ambiguous or invalid. */
    private static final String UNREADABLE_PATH = "/badURI";
    private static final String SERVLET_ERROR_MESSAGE = "jakarta.servlet.error.message";
    private static final String SERVLET_ERROR_EXCEPTION = "jakarta.servlet.error.exception";
    static final String NO_CACHE = "no-cache, private, no-store, must-revalidate, max-stale=0, post-check=0, pre-check=0";

    private final Supplier<JsonCodec> codec;
    private final Request.Handler others;

    /**
     * @param codec the codec of the host serving now (the profile changes with the host's configuration)
     * @param others the error page for paths that are not JSON-RPC (the server's previous one)
     */
    JsonErrorHandler(Supplier<JsonCodec> codec, Request.Handler others) {
        this.codec = codec;
        this.others = others;
    }

    Request.Handler others() {
        return others;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isJsonRpc(request.getHttpURI().getPath())) {
            return others.handle(request, response, callback);
        }
        int status = response.getStatus();
        Throwable cause = cause(request);
        if (cause instanceof HttpException failure) {
            status = failure.getCode();
            response.setStatus(status);
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, NO_CACHE);
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        JsonCodec c = codec.get();
        byte[] body = c.error(null, c.profile().httpFailure(status, reason(request, status, cause)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    static boolean isJsonRpc(String path) {
        return path == null || path.startsWith("/jsonrpc")
                || path.equals(UNREADABLE_TARGET) || path.equals(UNREADABLE_PATH);
    }

    private static Throwable cause(Request request) {
        Object cause = request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        if (cause == null) {
            cause = request.getAttribute(SERVLET_ERROR_EXCEPTION);
        }
        return cause instanceof Throwable t ? t : null;
    }

    /**
     * The reason the status was given with (Jetty's for a request it could not read, ours for a refused upgrade),
     * but never the text of an exception that ended in a server error: it may show internals.
     */
    private static String reason(Request request, int status, Throwable cause) {
        if (status >= 500 && cause != null && !(cause instanceof HttpException)) {
            return "the server failed to answer this request";
        }
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (message == null) {
            message = request.getAttribute(SERVLET_ERROR_MESSAGE);
        }
        if (message == null && cause instanceof HttpException failure) {
            message = failure.getReason();
        }
        String text = message == null ? HttpStatus.getMessage(status) : message.toString();
        return "HTTP " + status + ": " + text;
    }
}
