package io.ociplane.run;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for what a well-behaved client library will not do: stop reading while the
 * server writes, or send one frame of many megabytes. Frames are written masked, as RFC 6455 requires of clients.
 */
final class RawWebSocket implements AutoCloseable {

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;

    /** One frame as received. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status code of a close frame. */
        int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        /** The reason of a close frame. */
        String closeReason() {
            return payload.length <= 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawWebSocket(int port, String path) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
            out = socket.getOutputStream();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            byte[] key = new byte[16];
            RANDOM.nextBytes(key);
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new AssertionError("upgrade refused: " + head);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void sendText(String text) {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendFrame(int opcode, byte[] payload) {
        try {
            writeHeader(opcode, payload.length);
            byte[] mask = mask();
            out.write(mask);
            byte[] masked = payload.clone();
            for (int i = 0; i < masked.length; i++) {
                masked[i] ^= mask[i & 3];
            }
            out.write(masked);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one frame of {@code length} bytes and writes its payload (all 'x') in chunks until done or until the
     * server stops taking it; returns how many payload bytes went out.
     */
    long sendLargeFrame(int opcode, long length) {
        long sent = 0;
        try {
            writeHeader(opcode, length);
            byte[] mask = mask();
            out.write(mask);
            byte[] chunk = new byte[64 * 1024];
            while (sent < length) {
                int n = (int) Math.min(chunk.length, length - sent);
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) ('x' ^ mask[(int) ((sent + i) & 3)]);
                }
                out.write(chunk, 0, n);
                sent += n;
            }
            out.flush();
        } catch (IOException e) {
            // the server closed: what matters is what it said before, which the reader sees
        }
        return sent;
    }

    /** The next frame; fails when none comes within the timeout. */
    Frame read(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((b1 & 0x80) != 0) {
                throw new AssertionError("a server frame must not be masked");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + timeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the close frame, counting the frames before it; fails when it does not come in time. */
    Frame readUntilClose(Duration timeout, int[] framesBefore) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = read(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)));
            if (f.opcode() == CLOSE) {
                return f;
            }
            framesBefore[0]++;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void writeHeader(int opcode, long length) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(10);
        header.put((byte) (0x80 | opcode));
        if (length < 126) {
            header.put((byte) (0x80 | length));
        } else if (length < 65536) {
            header.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            header.put((byte) (0x80 | 127)).putLong(length);
        }
        out.write(header.array(), 0, header.position());
    }

    private static byte[] mask() {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        return mask;
    }

    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
