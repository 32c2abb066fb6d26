package io.ociplane.security.agent.internal;

import io.ociplane.jsonrpc.security.Origins;

import java.util.List;

/**
 * A loaded ACL in Thunder's format: which role a token's origin gets, and what a role may call. Immutable; a changed
 * file gives a new instance.
 */
final class AccessControlList {

    /** What tokens get while no ACL could ever be loaded: nothing. */
    static final AccessControlList NOTHING = new AccessControlList(List.of(), 0);

    private final List<Assignment> assignments;
    private final int roleCount;

    AccessControlList(List<Assignment> assignments, int roleCount) {
        this.assignments = List.copyOf(assignments);
        this.roleCount = roleCount;
    }

    /**
     * @param origin a token's origin as {@link Origins#of(String)} gives it, or {@code null}
     * @return the role of the first assignment whose pattern matches, or {@code null}: then nothing is allowed
     */
    Role roleFor(String origin) {
        if (origin == null) {
            return null;
        }
        // Origins leave the default port out; a pattern that spells it out ("https://h:443") means the same origin.
        String withDefaultPort = withDefaultPort(origin);
        for (Assignment a : assignments) {
            if (a.url().matcher(origin).matches()
                    || withDefaultPort != null && a.url().matcher(withDefaultPort).matches()) {
                return a.role();
            }
        }
        return null;
    }

    boolean allows(String origin, String callsign, String method) {
        Role role = roleFor(origin);
        return role != null && role.allows(callsign, method);
    }

    int assignmentCount() {
        return assignments.size();
    }

    int roleCount() {
        return roleCount;
    }

    /** {@code http://h} gives {@code http://h:80}; an origin with a port or without a known default gives null. */
    private static String withDefaultPort(String origin) {
        int separator = origin.indexOf("://");
        String authority = origin.substring(separator + 3);
        boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.indexOf(':') >= 0;
        int port = Origins.defaultPort(origin.substring(0, separator));
        return hasPort || port < 0 ? null : origin + ":" + port;
    }
}
