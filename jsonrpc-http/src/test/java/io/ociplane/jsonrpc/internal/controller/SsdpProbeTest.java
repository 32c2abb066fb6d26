package io.ociplane.jsonrpc.internal.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The discovery probe against a real UDP responder on the loopback (unicast: the search goes to whatever node is
 * configured, and this machine's loopback carries no multicast).
 */
class SsdpProbeTest {

    @Test
    void aSearchIsThunderMSearchAndAnAnswerWithApplicationUrlIsListed() throws Exception {
        try (DatagramSocket responder = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SsdpProbe probe = new SsdpProbe((InetSocketAddress) responder.getLocalSocketAddress(), 1)) {
            responder.setSoTimeout(10_000);
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                    responder.receive(p);
                    String search = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                    String sent = search.substring(search.indexOf("\r\n\r\n") + 4);
                    byte[] noUrl = ("HTTP/1.1 200 OK\r\n\r\n" + sent).getBytes(StandardCharsets.US_ASCII);
                    responder.send(new DatagramPacket(noUrl, noUrl.length, p.getSocketAddress()));
                    byte[] answer = ("HTTP/1.1 200 OK\r\nApplication-URL: http://10.0.0.7:80/Service/Controller\r\n\r\n"
                            + sent + " Box").getBytes(StandardCharsets.US_ASCII);
                    responder.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                    return search;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            probe.search(4);
            String search = seen.get(10, TimeUnit.SECONDS);
            assertTrue(search.startsWith("M-SEARCH / HTTP/1.1\r\nST: urn:metrological-com:service:wpe:1\r\n"
                    + "Content-Length: "), search);
            assertTrue(!search.contains("HOST:") && !search.contains("MAN:"), "no HOST/MAN headers, as Thunder");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Map<String, Object>> results = probe.results();
            while (results.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                results = probe.results();
            }
            assertEquals(1, results.size(), "only the answer with an Application-URL counts: " + results);
            Map<String, Object> r = results.get(0);
            assertEquals(List.of("locator", "latency", "model", "secure"), List.copyOf(r.keySet()));
            assertEquals("http://10.0.0.7:80/Service/Controller", r.get("locator"));
            assertEquals("Box", r.get("model"));
            assertEquals(false, r.get("secure"));
            probe.search(1);
            assertEquals(List.of(), probe.results(), "a new search forgets the answers of the last");
        }
    }

    @Test
    void answersThatAreNotThunderAnswersAreDropped() {
        long now = 5_000_000;
        assertNull(SsdpProbe.parse("HTTP/1.1 404 Not Found\r\nApplication-URL: x\r\n\r\n4000000", now));
        assertNull(SsdpProbe.parse("HTTP/1.1 200 OK\r\nApplication-URL: x\r\n\r\nnot-a-time", now));
        assertNull(SsdpProbe.parse("HTTP/1.1 200 OK\r\nApplication-URL: x\r\n\r\n6000000", now), "from the future");
        assertNull(SsdpProbe.parse("HTTP/1.1 200 OK\r\nApplication-URL: x\r\n\r\n" + (now - (1L << 32)), now));
        assertEquals(1_000_000, SsdpProbe.parse("HTTP/1.1 200 OK\r\napplication-url: x\r\n\r\n4000000", now).latency());
    }
}
