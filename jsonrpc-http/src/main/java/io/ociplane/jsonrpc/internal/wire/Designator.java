package io.ociplane.jsonrpc.internal.wire;

/**
 * A parsed method designator {@code [callsign.][version.]method[@index]}, read from the right as Thunder does:
 * callsigns may contain dots ({@code org.rdk.OCIContainer}) and indexes may too
 * ({@code Controller.1.status@org.rdk.System}).
 *
 * @param callsign the callsign, empty when the designator names none (the endpoint's plugin is meant)
 * @param version the interface version, or {@code -1} when there is none
 * @param method the method name
 * @param index the text after the last {@code @}, or {@code null} when there is no {@code @}
 */
public record Designator(String callsign, int version, String method, String index) {

    public static final int NO_VERSION = -1;

    public static Designator parse(String text) {
        int at = text.lastIndexOf('@');
        String index = at >= 0 ? text.substring(at + 1) : null;
        String rest = at >= 0 ? text.substring(0, at) : text;
        int dot = rest.lastIndexOf('.');
        String method = rest.substring(dot + 1);
        if (dot < 0) {
            return new Designator("", NO_VERSION, method, index);
        }
        String prefix = rest.substring(0, dot);
        int segmentDot = prefix.lastIndexOf('.');
        int version = versionOf(prefix.substring(segmentDot + 1));
        if (version == NO_VERSION) {
            return new Designator(prefix, NO_VERSION, method, index);
        }
        return new Designator(segmentDot < 0 ? "" : prefix.substring(0, segmentDot), version, method, index);
    }

    /** The value of a version segment (1-3 digits, below 255), or {@link #NO_VERSION}. */
    public static int versionOf(String segment) {
        int n = segment.length();
        if (n < 1 || n > 3) {
            return NO_VERSION;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return NO_VERSION;
            }
            value = value * 10 + (c - '0');
        }
        return value < 255 ? value : NO_VERSION;
    }

    public boolean hasVersion() {
        return version != NO_VERSION;
    }
}
