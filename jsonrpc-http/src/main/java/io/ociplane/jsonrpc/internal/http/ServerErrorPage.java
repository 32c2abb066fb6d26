package io.ociplane.jsonrpc.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Puts {@link JsonErrorHandler} in as the Jetty server's error page, and takes it out again when the endpoint goes.
 * The HTTP whiteboard hands a servlet no way to the server except through a request, so the server is taken from
 * the first request the endpoint sees; to have that happen before any stranger's request can reach a parser error,
 * the endpoint asks itself once at start ({@code OPTIONS /jsonrpc}, which runs nothing).
 */
final class ServerErrorPage {

    private static final Logger LOG = LoggerFactory.getLogger(ServerErrorPage.class);
    private static final int PRIME_ATTEMPTS = 50;
    private static final long PRIME_INTERVAL_MILLIS = 100;

    private final Supplier<JsonCodec> codec;
    private final AtomicReference<Server> server = new AtomicReference<>();

    /** @param codec the codec of the host serving now */
    ServerErrorPage(Supplier<JsonCodec> codec) {
        this.codec = codec;
    }

    /** Installs the error page on the server that serves this request, the first time. */
    void adopt(HttpServletRequest req) {
        if (server.get() != null) {
            return;
        }
        Server s;
        try {
            s = ServletContextRequest.getServletContextRequest(req).getConnectionMetaData().getConnector()
                    .getServer();
        } catch (RuntimeException e) {
            LOG.debug("No Jetty server behind {}; JSON error pages not installed", req, e);
            return;
        }
        if (s != null && server.compareAndSet(null, s)) {
            s.setErrorHandler(new JsonErrorHandler(codec, s.getErrorHandler()));
        }
    }

    /** Puts the server's previous error page back. */
    void remove() {
        Server s = server.getAndSet(null);
        if (s != null && s.getErrorHandler() instanceof JsonErrorHandler ours) {
            s.setErrorHandler(ours.others());
        }
    }

    boolean installed() {
        return server.get() != null;
    }

    /**
     * Sends {@code OPTIONS /jsonrpc} to the endpoint from the timer until it has been adopted (the servlet may not
     * be mapped yet when this starts). A failure only means the page is installed by the first real request.
     *
     * @param host the address the server is bound to ({@code 0.0.0.0} and {@code ::} are asked on loopback)
     */
    void prime(ScheduledExecutorService timer, String host, int port) {
        String address = host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        schedule(timer, address, port, PRIME_ATTEMPTS);
    }

    private void schedule(ScheduledExecutorService timer, String address, int port, int attemptsLeft) {
        if (installed() || attemptsLeft == 0) {
            return;
        }
        try {
            timer.schedule(() -> {
                knock(address, port);
                schedule(timer, address, port, attemptsLeft - 1);
            }, attemptsLeft == PRIME_ATTEMPTS ? 0 : PRIME_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the host is stopping
        }
    }

    private static void knock(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            socket.setSoTimeout(2000);
            String hostHeader = address.indexOf(':') >= 0 ? "[" + address + "]" : address;
            OutputStream out = socket.getOutputStream();
            out.write(("OPTIONS /jsonrpc HTTP/1.1\r\nHost: " + hostHeader + ":" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the answer does not matter, only that the request was served
            }
        } catch (IOException e) {
            LOG.debug("Priming the JSON error page on {}:{} failed: {}", address, port, e.toString());
        }
    }
}
