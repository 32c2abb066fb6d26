package io.ociplane.run;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a client of the load may try again, as Thunder clients do (ThunderJS reconnects), and after what pause: the
 * endpoint was not there, or said to come back. That is a refused or cut connection (the HTTP server is stopped or
 * stopping); a 404 on {@code /jsonrpc} (the server runs but has no JSON-RPC endpoint mapped: the host bundle is
 * being updated, or the HTTP server has just started and not mapped it yet); and a 503 with Retry-After, the
 * endpoint's answer to a request it took while it was being unmapped (nothing ran; HTTP's "come back after").
 * The host's servlet never answers the load's calls with 404: they go to the broker endpoint and name callsigns
 * that exist. Anything else is an answer and counts as one.
 */
final class Unreached {

    /** Why a call is tried again, and how long the client waits first. */
    record Retry(String reason, long pauseMillis) {
    }

    /**
     * A WebSocket opening handshake neither answered nor refused within {@link #HANDSHAKE_WITHIN}: seen while Felix
     * HTTP restarts (docs/host-restart.md) and, on a machine at load 24, during host updates; a client bounds its
     * handshake and tries again. Counted and printed with the other tries.
     */
    static final String HANDSHAKE_UNANSWERED = "handshake not answered";
    /** A loopback handshake takes milliseconds; this bound leaves a loaded machine room and a retry in the grace. */
    static final java.time.Duration HANDSHAKE_WITHIN = java.time.Duration.ofSeconds(2);

    /** How long a client waits before it tries again (as ThunderJS waits before reconnecting). */
    private static final long PAUSE_MILLIS = 20;

    private Unreached() {
    }

    /** Why a call that failed without an HTTP answer may be tried again, or null if it may not. */
    static Retry ofFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return new Retry("connection refused", PAUSE_MILLIS);
            }
            if (c instanceof HttpTimeoutException) {
                return new Retry(HANDSHAKE_UNANSWERED, PAUSE_MILLIS);
            }
            if (c instanceof WebSocketHandshakeException h) {
                return ofStatus("upgrade answered ", h.getResponse().statusCode(),
                        h.getResponse().headers().firstValue("Retry-After"));
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return new Retry("connection cut", PAUSE_MILLIS);
            }
        }
        return null;
    }

    /** Why an HTTP answer means the endpoint is not there, or null when it is a real answer. */
    static Retry ofResponse(Rpc.Response r) {
        String page = r.body().startsWith("{") ? " (JSON-RPC error page)" : " (Jetty's page)";
        Retry retry = ofStatus("", r.status(), Optional.ofNullable(r.retryAfter()));
        return retry == null ? null : new Retry(retry.reason() + page, retry.pauseMillis());
    }

    private static Retry ofStatus(String what, int status, Optional<String> retryAfter) {
        if (status == 404) {
            return new Retry(what + "404", PAUSE_MILLIS);
        }
        if (status == 503 && retryAfter.isPresent() && retryAfter.get().matches("\\d{1,3}")) {
            return new Retry(what + "503 Retry-After", TimeUnit.SECONDS.toMillis(Long.parseLong(retryAfter.get())));
        }
        return null;
    }

    /** Whether the client can try again after the pause, before the deadline ({@link System#nanoTime()}). */
    static boolean timeLeft(Retry retry, long deadlineNanos) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retry.pauseMillis()) < deadlineNanos;
    }

    /** The client's pause before it tries again; also keeps retries from crowding the two cores. */
    static void pause(Retry retry) {
        try {
            Thread.sleep(retry.pauseMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
