package io.ociplane.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP/1.1 connection written by hand and kept alive across requests, for what java.net.http does not let a
 * test control: {@code Expect: 100-continue} (the body goes out only when the server asks for it) and whether an
 * answer said it closes the connection.
 */
final class RawHttpConnection implements AutoCloseable {

    /** An answer: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        boolean saysClose() {
            return headers.getOrDefault("connection", "").toLowerCase().contains("close");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000); // a bound on a broken server, not a wait for anything
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a request with {@code Expect: 100-continue}: the headers first, the body after the server's
     * {@code 100 Continue}, or after a final answer that does not close the connection (the server then still
     * expects the body). Returns the final answer.
     */
    Answer sendExpectingContinue(String method, String path, String host, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        write(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\nExpect: 100-continue\r\n\r\n");
        Answer first = read();
        if (first.status() == 100) {
            out.write(content);
            out.flush();
            return read();
        }
        if (!first.saysClose()) {
            out.write(content);
            out.flush();
        }
        return first;
    }

    /** Sends a whole request at once and returns its answer. */
    Answer send(String method, String path, String host, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        write(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\n\r\n");
        out.write(content);
        out.flush();
        return read();
    }

    /** Whether the server has ended the connection (nothing more to read). */
    boolean ended() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private void write(String head) throws IOException {
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one answer; its body by Content-Length (every answer of the host has one or none). */
    private Answer read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the connection ended before an answer");
        }
        Map<String, String> headers = new HashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(), l.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("the connection ended in an answer's body");
        }
        return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** A line without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                String s = line.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
