package io.ociplane.security.agent.internal;

import java.util.List;

/** A role of the ACL: the first callsign rule (in file order) that matches decides; else the role's default. */
record Role(String name, boolean allowedByDefault, List<CallsignRule> callsigns) {

    boolean allows(String callsign, String method) {
        for (CallsignRule rule : callsigns) {
            if (rule.matches(callsign)) {
                return rule.allows(method);
            }
        }
        return allowedByDefault;
    }
}
