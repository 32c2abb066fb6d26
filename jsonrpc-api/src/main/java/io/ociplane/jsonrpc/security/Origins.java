package io.ociplane.jsonrpc.security;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reduces a URL to its origin, {@code scheme://host[:port]}: what a token's role is chosen by (docs/security.md
 * "Browsers"). Scheme and host in lower case, user info, path, query and fragment dropped, and the scheme's
 * default port (80 for http/ws, 443 for https/wss) left out, so that equal origins are equal strings. One rule for
 * the host (the {@code Origin} header, the allow-list) and for token providers ({@link Grant#origin()}).
 */
public final class Origins {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    /** Registered names and IPv4 literals; anything stranger has no origin rather than a surprising one. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private Origins() {
    }

    /** @return the origin of {@code url}, or {@code null} when it has no {@code scheme://host} */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        int separator = url.indexOf("://");
        if (separator <= 0) {
            return null;
        }
        String scheme = url.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            return null;
        }
        int start = separator + 3;
        int end = start;
        // a backslash ends the authority too: browsers read "https://evil.com\.example.com" as host evil.com
        while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String port;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                return null;
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
            if (!IPV6.matcher(host).matches()) {
                return null;
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? "" : authority.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                return null;
            }
        }
        StringBuilder origin = new StringBuilder(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
        if (!port.isEmpty()) { // "http://host:" is allowed by RFC 3986 and means the default port
            if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                return null;
            }
            int number = Integer.parseInt(port);
            if (number != defaultPort(scheme)) {
                origin.append(':').append(number);
            }
        }
        return origin.toString();
    }

    /** @return the port a scheme implies when none is written, or -1 */
    public static int defaultPort(String scheme) {
        switch (scheme) {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            default:
                return -1;
        }
    }
}
