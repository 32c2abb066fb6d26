package io.ociplane.security.agent.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One callsign entry of a role: its own default and the methods that are the exceptions to it (with default
 * "blocked" the allowed ones, with "allowed" the blocked ones), as docs/security-agent.md describes.
 */
record CallsignRule(Pattern callsign, boolean allowedByDefault, List<Pattern> exceptions) {

    boolean matches(String callsign) {
        return this.callsign.matcher(callsign).matches();
    }

    boolean allows(String method) {
        for (Pattern exception : exceptions) {
            if (exception.matcher(method).matches()) {
                return !allowedByDefault;
            }
        }
        return allowedByDefault;
    }
}
