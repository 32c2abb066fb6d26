package io.ociplane.jsonrpc.http;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request body within the host's limit. A body over the limit is read and thrown away, up to
 * {@link #DRAIN_FACTOR} times the limit, before the 413 is sent: clients that write the whole body before they
 * read (most do) would otherwise see the connection reset under them instead of the answer. A body larger than
 * that is answered at once and the connection closed (docs/wire.md).
 *
 * @param bytes the body, or {@code null} when it is over the limit
 * @param drained whether an oversize body was read to its end, so the connection can serve the next request
 */
record RequestBody(byte[] bytes, boolean drained) {

    static final int DRAIN_FACTOR = 4;
    private static final int CHUNK = 8192;

    boolean tooLarge() {
        return bytes == null;
    }

    static RequestBody read(HttpServletRequest req, int limit) throws IOException {
        long declared = req.getContentLengthLong();
        long drainable = (long) limit * DRAIN_FACTOR;
        InputStream in = req.getInputStream();
        if (declared > limit) {
            return new RequestBody(null, declared <= drainable && discard(in, declared) == declared);
        }
        // With a Content-Length the body is read into an array of exactly that size; readNBytes(limit + 1) would
        // allocate an 8 KiB chunk per request, which was more than half of the host's garbage under load.
        byte[] body = in.readNBytes(declared >= 0 ? (int) declared : limit + 1);
        if (body.length <= limit) {
            return new RequestBody(body, true);
        }
        long left = drainable - body.length;
        return new RequestBody(null, discard(in, left + 1) <= left);
    }

    /** Reads and drops up to {@code max} bytes; returns how many there were before the end or the bound. */
    private static long discard(InputStream in, long max) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long total = 0;
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
