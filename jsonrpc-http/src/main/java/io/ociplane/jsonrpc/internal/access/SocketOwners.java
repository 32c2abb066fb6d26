package io.ociplane.jsonrpc.internal.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Who owns the other end of a loopback TCP connection, in the kernel's words: Linux lists every TCP socket of this
 * network namespace with its owner's uid in {@code /proc/net/tcp} and {@code /proc/net/tcp6} (docs/security.md,
 * "Who is local root"). The peer's socket is the entry whose local end is the peer's address and whose remote end is
 * ours.
 */
public final class SocketOwners {

    /** Returned when the owner is unknown (not loopback, not listed, unreadable). */
    public static final int UNKNOWN = -1;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int UID_FIELD = 7;

    private final Path tcp;
    private final Path tcp6;

    /** @param procNet the directory holding {@code tcp} and {@code tcp6}, normally {@code /proc/net} */
    public SocketOwners(Path procNet) {
        this.tcp = procNet.resolve("tcp");
        this.tcp6 = procNet.resolve("tcp6");
    }

    /**
     * @param peer the remote address of the connection as the server sees it
     * @param local the server's address of the connection
     * @return the uid owning the peer's socket, or {@link #UNKNOWN} when the peer is not on loopback or not found
     */
    public int ownerOf(InetAddress peer, int peerPort, InetAddress local, int localPort) {
        if (!peer.isLoopbackAddress() && !isMappedLoopback(peer)) {
            return UNKNOWN;
        }
        try {
            int uid = UNKNOWN;
            if (peer instanceof Inet4Address && local instanceof Inet4Address) {
                uid = find(tcp, endpoint(peer, peerPort), endpoint(local, localPort));
            }
            return uid != UNKNOWN ? uid : find(tcp6, endpoint6(peer, peerPort), endpoint6(local, localPort));
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static int find(Path table, String peerEnd, String localEnd) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(table)) {
            in.readLine(); // column titles
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length > UID_FIELD && f[1].equals(peerEnd) && f[2].equals(localEnd)) {
                    return Integer.parseInt(f[UID_FIELD]);
                }
            }
        } catch (NoSuchFileException e) {
            return UNKNOWN; // a kernel without IPv6
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    /** {@code AABBCCDD:PPPP}: the address as the kernel prints its 32-bit words (host byte order), the port in hex. */
    static String endpoint(InetAddress address, int port) {
        return words(address.getAddress()) + ":" + String.format(Locale.ROOT, "%04X", port);
    }

    /** As {@link #endpoint}, for the IPv6 table: IPv4 addresses appear there mapped ({@code ::ffff:a.b.c.d}). */
    static String endpoint6(InetAddress address, int port) {
        byte[] a = address.getAddress();
        if (a.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(a, 0, mapped, 12, 4);
            a = mapped;
        }
        return words(a) + ":" + String.format(Locale.ROOT, "%04X", port);
    }

    private static String words(byte[] address) {
        byte[] out = address.clone();
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int w = 0; w < out.length; w += 4) {
                for (int i = 0; i < 2; i++) {
                    byte t = out[w + i];
                    out[w + i] = out[w + 3 - i];
                    out[w + 3 - i] = t;
                }
            }
        }
        return HEX.formatHex(out);
    }

    private static boolean isMappedLoopback(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return false;
        }
        byte[] a = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff && a[12] == 127;
    }
}
