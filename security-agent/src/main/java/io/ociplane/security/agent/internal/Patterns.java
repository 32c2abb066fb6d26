package io.ociplane.security.agent.internal;

import java.util.regex.Pattern;

/**
 * The ACL's patterns (docs/security-agent.md "Patterns"), compiled to regular expressions once per load. A
 * pattern matches the whole text; {@code *} stands for a run (possibly empty) of the characters below, every
 * other character stands for itself.
 */
final class Patterns {

    /** What {@code *} covers in callsign and method patterns: letters, digits and dots. Case-sensitive. */
    private static final String NAME_RUN = "[A-Za-z0-9.]*";
    /** What {@code *} covers in a host: letters, digits, dots and dashes. */
    private static final String HOST_RUN = "[A-Za-z0-9.-]*";
    /** What {@code *} covers in a scheme. */
    private static final String SCHEME_RUN = "[A-Za-z0-9+.-]*";

    private Patterns() {
    }

    /** A callsign or method pattern. */
    static Pattern name(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return Pattern.compile(wildcards(text, NAME_RUN));
    }

    /**
     * An origin pattern {@code scheme://host[:port]}, matched without case: {@code *} as the scheme is any scheme,
     * {@code :*} any port or none.
     *
     * @throws IllegalArgumentException why the text is not such a pattern
     */
    static Pattern url(String text) {
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("must be an origin pattern scheme://host[:port]");
        }
        String scheme = text.substring(0, separator);
        String authority = text.substring(separator + 3);
        if (!scheme.matches("[A-Za-z0-9+.*-]+")) {
            throw new IllegalArgumentException("has an invalid scheme");
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) { // IPv6 literal, taken literally
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("has an unclosed '['");
            }
            host = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw new IllegalArgumentException("must be an origin pattern scheme://host[:port], without path");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
            if (!host.matches("[A-Za-z0-9._*-]+")) {
                throw new IllegalArgumentException(host.isEmpty() ? "has no host"
                        : "must be an origin pattern scheme://host[:port], without path, query or user");
            }
        }
        StringBuilder regex = new StringBuilder(wildcards(scheme, SCHEME_RUN)).append(Pattern.quote("://"));
        regex.append(host.startsWith("[") ? Pattern.quote(host) : wildcards(host, HOST_RUN));
        if (port != null) {
            if ("*".equals(port)) {
                regex.append("(?::[0-9]{1,5})?");
            } else if (port.matches("[0-9*]{1,5}")) {
                regex.append(':').append(wildcards(port, "[0-9]*"));
            } else {
                throw new IllegalArgumentException("has an invalid port");
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static String wildcards(String text, String run) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        for (int star = text.indexOf('*'); star >= 0; star = text.indexOf('*', from)) {
            if (star > from) {
                regex.append(Pattern.quote(text.substring(from, star)));
            }
            regex.append(run);
            from = star + 1;
        }
        if (from < text.length()) {
            regex.append(Pattern.quote(text.substring(from)));
        }
        return regex.toString();
    }
}
