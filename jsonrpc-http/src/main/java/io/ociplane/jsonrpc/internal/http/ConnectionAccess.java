package io.ociplane.jsonrpc.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.util.Attributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.jsonrpc.internal.access.AccessPolicy;
import io.ociplane.jsonrpc.internal.access.Admission;
import io.ociplane.jsonrpc.internal.access.SocketOwners;
import io.ociplane.jsonrpc.security.Grant;
import io.ociplane.jsonrpc.security.SecurityOfficer;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Applies the host's {@link AccessPolicy} to an HTTP request or WebSocket upgrade. What belongs to the TCP
 * connection is found out once per connection and kept in Jetty's connection attributes, which end with the
 * connection: the owner of the peer's socket, and the last token verified on it.
 */
final class ConnectionAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionAccess.class);
    private static final String PEER_UID = "io.ociplane.jsonrpc.peerUid";
    private static final String LAST_TOKEN = "io.ociplane.jsonrpc.lastToken";
    private static final String LAST_ADMISSION = "io.ociplane.jsonrpc.lastAdmission";
    private static final String BEARER = "Bearer ";
    /** How long an admission is reused on a connection before the token is looked at again. */
    private static final long REUSE_MILLIS = 1000;

    /** A token verified on this connection, by that officer. */
    private record Verified(String token, SecurityOfficer officer, Optional<Grant> grant) {
    }

    /**
     * The last admission on this connection and what it was made of: keep-alive clients send the same headers
     * each time, so the verdict is reused instead of being worked out per request. A token caller's rights still
     * end at expiry (its caller checks), and a new officer or policy (a restart) makes a new verdict.
     */
    private record Admitted(String authorization, String origin, AccessPolicy policy, SecurityOfficer officer,
            long untilMillis, Admission admission) {

        boolean reusableFor(String authorization, String origin, AccessPolicy policy, SecurityOfficer officer) {
            return Objects.equals(this.authorization, authorization) && Objects.equals(this.origin, origin)
                    && this.policy == policy && this.officer == officer && System.currentTimeMillis() < untilMillis;
        }
    }

    private ConnectionAccess() {
    }

    /** @param queryToken the {@code token} query parameter (WebSocket upgrades), or {@code null} */
    static Admission admit(JsonRpcHost host, HttpServletRequest req, String queryToken) {
        AccessPolicy policy = host.accessPolicy();
        if (policy.insecure()) {
            return policy.admit(req.getHeader("Origin"), null, () -> SocketOwners.UNKNOWN, t -> Optional.empty());
        }
        Attributes connection = connectionAttributes(req);
        String authorization = queryToken != null ? "?" + queryToken : req.getHeader("Authorization");
        String origin = req.getHeader("Origin");
        SecurityOfficer officer = host.securityOfficer();
        if (connection.getAttribute(LAST_ADMISSION) instanceof Admitted last
                && last.reusableFor(authorization, origin, policy, officer)) {
            return last.admission();
        }
        String token = queryToken != null ? queryToken : bearer(authorization);
        Admission admission = policy.admit(origin, token, () -> peerUid(host, req, connection),
                t -> verify(officer, t, connection));
        if (!admission.isRefused()) {
            long until = token == null ? Long.MAX_VALUE : System.currentTimeMillis() + REUSE_MILLIS;
            connection.setAttribute(LAST_ADMISSION, new Admitted(authorization, origin, policy, officer, until,
                    admission));
        }
        return admission;
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : "";
    }

    private static int peerUid(JsonRpcHost host, HttpServletRequest req, Attributes connection) {
        Object known = connection.getAttribute(PEER_UID);
        if (known instanceof Integer uid) {
            return uid;
        }
        int uid;
        try {
            uid = host.socketOwners().ownerOf(InetAddress.getByName(req.getRemoteAddr()), req.getRemotePort(),
                    InetAddress.getByName(req.getLocalAddr()), req.getLocalPort());
        } catch (UnknownHostException e) {
            uid = SocketOwners.UNKNOWN; // Jetty gives literal addresses; nothing is looked up
        }
        connection.setAttribute(PEER_UID, uid);
        return uid;
    }

    private static Optional<Grant> verify(SecurityOfficer officer, String token, Attributes connection) {
        if (officer == null) {
            return Optional.empty(); // nobody can vouch for tokens: only trusted local users get in
        }
        if (connection.getAttribute(LAST_TOKEN) instanceof Verified v && v.officer() == officer
                && v.token().equals(token)) {
            return v.grant();
        }
        Optional<Grant> grant;
        try {
            grant = officer.verify(token);
        } catch (RuntimeException e) {
            grant = Optional.empty();
        }
        connection.setAttribute(LAST_TOKEN, new Verified(token, officer, grant));
        return grant;
    }

    /** Jetty's attributes of the request's connection; a throw-away set when they cannot be reached. */
    private static Attributes connectionAttributes(HttpServletRequest req) {
        try {
            return ServletContextRequest.getServletContextRequest(req).getConnectionMetaData();
        } catch (RuntimeException e) {
            LOG.debug("No connection attributes for {}; the peer is looked up for this request alone", req, e);
            return new Attributes.Mapped();
        }
    }
}
