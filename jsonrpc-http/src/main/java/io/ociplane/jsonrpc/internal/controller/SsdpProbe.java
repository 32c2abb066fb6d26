package io.ociplane.jsonrpc.internal.controller;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Thunder's discovery probe ({@code Controller.startdiscovery}/{@code discoveryresults}): one SSDP
 * {@code M-SEARCH} datagram to the probe's node with the asked IP TTL, and the answers that name an
 * {@code Application-URL} collected until the next search (docs/controller-system.md).
 */
public final class SsdpProbe implements AutoCloseable {

    static final String SEARCH_TARGET = "urn:metrological-com:service:wpe:1";
    /** Answers kept per search; more are dropped (a flood of answers must not grow the heap). */
    static final int MAX_RESULTS = 256;
    private static final int MAX_DATAGRAM = 4096;

    /** One answer: who answered (its Application-URL), the round trip in µs, the model it named. */
    public record Result(String locator, long latency, String model) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("locator", locator);
            m.put("latency", latency);
            if (model != null && !model.isEmpty()) {
                m.put("model", model);
            }
            m.put("secure", false); // answers are not signed here (no Content-HMAC key)
            return m;
        }
    }

    private final InetSocketAddress node;
    private final int defaultTtl;
    private final List<Result> results = new ArrayList<>(); // guarded by this
    private MulticastSocket socket; // guarded by this
    private Thread receiver; // guarded by this

    /**
     * @param node where the search goes (Thunder's default {@code 239.255.255.0:1900})
     * @param defaultTtl the IP TTL of a search that names none
     */
    public SsdpProbe(InetSocketAddress node, int defaultTtl) {
        this.node = node;
        this.defaultTtl = defaultTtl;
    }

    public int defaultTtl() {
        return defaultTtl;
    }

    /** Sends one search with this IP TTL (1..255), forgetting the answers of the previous one. */
    public synchronized void search(int ttl) throws IOException {
        if (socket == null) {
            socket = new MulticastSocket(new InetSocketAddress(0));
            MulticastSocket s = socket;
            receiver = new Thread(() -> receive(s), "controller-discovery");
            receiver.setDaemon(true);
            receiver.start();
        }
        results.clear();
        socket.setTimeToLive(ttl);
        String body = Long.toString(nowMicros());
        String request = "M-SEARCH / HTTP/1.1\r\nST: " + SEARCH_TARGET + "\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, node));
    }

    /** The answers to the last search, in the order they came. */
    public synchronized List<Map<String, Object>> results() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Result r : results) {
            out.add(r.json());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close(); // ends the receiver
            socket = null;
        }
    }

    private void receive(MulticastSocket s) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!s.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                s.receive(p);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            Result r = parse(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1), nowMicros());
            if (r != null) {
                synchronized (this) {
                    if (results.size() < MAX_RESULTS) {
                        results.add(r);
                    }
                }
            }
        }
    }

    /**
     * An answer as Thunder's probe counts one: it has an {@code Application-URL} header and its body is the
     * echoed send time in µs, optionally followed by a space and the model; a round trip of 2^32 µs or more (or
     * a time from the future) is dropped.
     */
    static Result parse(String datagram, long receivedMicros) {
        int end = datagram.indexOf("\r\n\r\n");
        if (end < 0 || !datagram.startsWith("HTTP/1.1 200")) {
            return null;
        }
        String locator = null;
        for (String line : datagram.substring(0, end).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("application-url")) {
                locator = line.substring(colon + 1).trim();
            }
        }
        if (locator == null || locator.isEmpty()) {
            return null;
        }
        String body = datagram.substring(end + 4).trim();
        int space = body.indexOf(' ');
        String sent = space < 0 ? body : body.substring(0, space);
        String model = space < 0 ? null : body.substring(space + 1).trim();
        long echoed;
        try {
            echoed = Long.parseLong(sent);
        } catch (NumberFormatException e) {
            return null;
        }
        long latency = receivedMicros - echoed;
        if (latency < 0 || latency >= (1L << 32)) {
            return null;
        }
        return new Result(locator, latency, model);
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
