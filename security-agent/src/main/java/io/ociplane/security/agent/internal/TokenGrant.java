package io.ociplane.security.agent.internal;

import java.time.Clock;

import io.ociplane.jsonrpc.security.Grant;

/**
 * What a verified token may do. Its role is looked up in the ACL in force at each question, so an edited ACL
 * applies to tokens the host verified earlier; the lookup is remembered until the ACL changes.
 */
final class TokenGrant implements Grant {

    /** The role the origin had in one ACL; {@code role} null means none. */
    private record RoleIn(AccessControlList acl, Role role) {
    }

    private final String origin;
    private final long expiresAtMillis;
    private final LiveAcl acl;
    private final Clock clock;
    private volatile RoleIn cached;

    TokenGrant(VerifiedToken token, LiveAcl acl, Clock clock) {
        this.origin = token.origin();
        this.expiresAtMillis = token.expiresAtMillis();
        this.acl = acl;
        this.clock = clock;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    @Override
    public boolean allows(String callsign, String method) {
        if (clock.millis() >= expiresAtMillis) { // the host checks expiry too; an expired token allows nothing here
            return false;
        }
        AccessControlList now = acl.current();
        RoleIn role = cached;
        if (role == null || role.acl() != now) {
            role = new RoleIn(now, now.roleFor(origin));
            cached = role;
        }
        return role.role() != null && role.role().allows(callsign, method);
    }

    @Override
    public String toString() {
        return "Grant[" + origin + ", expires " + expiresAtMillis + "]";
    }
}
