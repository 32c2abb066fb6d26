package io.ociplane.jsonrpc.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection: a request must name this server by its bound address, a loopback name or a
 * configured name. When the server is bound to every interface, any IP literal is accepted (rebinding needs a
 * DNS name).
 */
final class HostHeaderPolicy {

    private final Set<String> allowed = new HashSet<>();
    private final boolean anyAddress;

    HostHeaderPolicy(String boundAddress, String[] extraNames) {
        String bound = boundAddress == null || boundAddress.isEmpty() ? "0.0.0.0" : boundAddress;
        anyAddress = bound.equals("0.0.0.0") || bound.equals("::") || bound.equals("[::]");
        allowed.add(strip(bound.toLowerCase(Locale.ROOT)));
        allowed.add("localhost");
        allowed.add("127.0.0.1");
        allowed.add("::1");
        for (String n : extraNames) {
            allowed.add(strip(n.trim().toLowerCase(Locale.ROOT)));
        }
    }

    /** @param hostHeader the Host header, or {@code null} when the request had none (HTTP/1.0) */
    boolean accepts(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String host = hostOnly(hostHeader.trim().toLowerCase(Locale.ROOT));
        return allowed.contains(host) || anyAddress && isIpLiteral(host);
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

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
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
