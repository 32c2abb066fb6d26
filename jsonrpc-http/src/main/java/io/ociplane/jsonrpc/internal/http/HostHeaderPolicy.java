package io.ociplane.jsonrpc.internal.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection: a request must name this server by its bound address, the address the connection
 * arrived on, a loopback name or address, or a configured name. Any other name or IP literal is refused, also when
 * the server listens on every interface (docs/security.md, "No silent exposure").
 */
final class HostHeaderPolicy {

    private final Set<String> allowed = new HashSet<>();

    HostHeaderPolicy(String boundAddress, String[] extraNames) {
        if (boundAddress != null && !boundAddress.isEmpty()) {
            allowed.add(strip(boundAddress.toLowerCase(Locale.ROOT)));
        }
        allowed.add("localhost");
        allowed.add("::1");
        for (String n : extraNames) {
            if (!n.isBlank()) {
                allowed.add(strip(n.trim().toLowerCase(Locale.ROOT)));
            }
        }
    }

    /**
     * @param hostHeader the Host header, or {@code null} when the request had none (HTTP/1.0)
     * @param localAddress the server's address of this connection (a literal), or {@code null}
     */
    boolean accepts(String hostHeader, String localAddress) {
        if (hostHeader == null) {
            return true;
        }
        String host = hostOnly(hostHeader.trim().toLowerCase(Locale.ROOT));
        return allowed.contains(host) || isLoopbackLiteral(host)
                || localAddress != null && host.equals(strip(localAddress.toLowerCase(Locale.ROOT)));
    }

    /** Whether a bind address keeps the server on loopback (an empty one means every interface). */
    static boolean isLoopback(String bindAddress) {
        if (bindAddress == null || bindAddress.isBlank()) {
            return false;
        }
        String a = strip(bindAddress.trim().toLowerCase(Locale.ROOT));
        return a.equals("localhost") || isLoopbackLiteral(a);
    }

    private static String hostOnly(String header) {
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? header : header.substring(1, end);
        }
        int colon = header.indexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }

    private static String strip(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    /** {@code 127.x.y.z} (decimal, four parts) or {@code ::1}. */
    private static boolean isLoopbackLiteral(String host) {
        if (host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
