package io.ociplane.jsonrpc.internal.http;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Request bodies: read within the host's limit, and read to their end before any answer goes out, so that the
 * connection can serve the client's next request (docs/keep-alive.md).
 */
final class RequestBody {

    /** How much of a body an answer does not need is read away, in multiples of the limit, before giving up. */
    static final int DRAIN_FACTOR = 4;
    private static final int CHUNK = 8192;

    private RequestBody() {
    }

    /**
     * The body, or {@code null} when it is over the limit; what is left of an oversize body is read away by
     * {@link #finish} before the 413 goes out.
     */
    static byte[] read(HttpServletRequest req, int limit) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            return null;
        }
        // With a Content-Length the body is read into an array of exactly that size; readNBytes(limit + 1) would
        // allocate an 8 KiB chunk per request, which was more than half of the host's garbage under load.
        byte[] body = req.getInputStream().readNBytes(declared >= 0 ? (int) declared : limit + 1);
        return body.length <= limit ? body : null;
    }

    /**
     * To be called before any answer is written: reads what is left of the body and drops it, up to
     * {@link #DRAIN_FACTOR} times the limit; a body longer than that, or one that cannot be read, gets
     * {@code Connection: close} on the answer instead. An answer that already says close needs nothing read.
     * <p>
     * Why: when a body is still unread after an answer with its Content-Length has gone out, Jetty closes the
     * kept-alive connection although the answer did not say so, and the client's next request on it meets a closed
     * socket. Answers that do not need the body (a refusal, an unknown callsign) would go out as soon as the headers
     * are in, often before the body has arrived (docs/keep-alive.md).
     */
    static void finish(HttpServletRequest req, HttpServletResponse resp, int limit) {
        if ("close".equalsIgnoreCase(resp.getHeader("Connection"))) {
            return;
        }
        long drainable = (long) limit * DRAIN_FACTOR;
        boolean ended;
        try {
            ended = req.getContentLengthLong() <= drainable
                    && discard(req.getInputStream(), drainable + 1) <= drainable;
        } catch (IOException e) {
            ended = false; // a body that cannot be read: the connection cannot be trusted with another request
        }
        if (!ended) {
            resp.setHeader("Connection", "close");
        }
    }

    /** Reads and drops up to {@code max} bytes; returns how many there were before the end or the bound. */
    private static long discard(InputStream in, long max) throws IOException {
        if (max == 0 || in.read() < 0) {
            return 0; // the usual case, a body already read to its end: no buffer for it
        }
        byte[] chunk = new byte[CHUNK];
        long total = 1;
        while (total < max) {
            int n = in.read(chunk, 0, (int) Math.min(CHUNK, max - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
