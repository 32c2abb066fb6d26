package io.ociplane.jsonrpc.internal.access;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.security.Grant;
import io.ociplane.jsonrpc.security.Origins;

/**
 * Who gets in (docs/security.md): local root (and configured uids/gids) without a token, anyone else with a valid
 * token whose role allows the call. A request that carries an {@code Origin} header comes from a browser page: its
 * socket does not vouch for it unless the origin is on the allow-list, and a token must have been issued for that
 * origin. Transport-neutral: the caller's facts come in as values and lazy suppliers.
 */
public final class AccessPolicy {

    /** Longer tokens are refused before they are parsed. */
    public static final int MAX_TOKEN_CHARS = 8192;

    private final boolean insecure;
    private final IntPredicate trustedUser;
    private final Set<String> allowedOrigins;

    /**
     * @param insecure every check off (development only)
     * @param trustedUser whether a local uid other than 0 is trusted as the administrator
     * @param allowedOrigins browser origins ({@code scheme://host[:port]}) that are judged by their socket
     */
    public AccessPolicy(boolean insecure, IntPredicate trustedUser, String[] allowedOrigins) {
        this.insecure = insecure;
        this.trustedUser = trustedUser;
        this.allowedOrigins = Stream.of(allowedOrigins).map(String::trim).map(Origins::of).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean insecure() {
        return insecure;
    }

    /**
     * @param origin the {@code Origin} header, or {@code null}
     * @param token the presented token, or {@code null}
     * @param peerUid the uid owning the peer's socket ({@link SocketOwners#UNKNOWN} when not local), asked lazily
     * @param verifier checks a token; empty when it is not valid (or nobody can check tokens)
     */
    public Admission admit(String origin, String token, IntSupplier peerUid,
            Function<String, Optional<Grant>> verifier) {
        if (insecure) {
            return Admission.admitted(Caller.TRUSTED, origin == null ? "*" : origin);
        }
        Grant grant = null;
        if (token != null) {
            if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
                return Admission.refused("the token is not valid");
            }
            grant = verifier.apply(token).orElse(null);
            if (grant == null || grant.expiresAtMillis() <= System.currentTimeMillis()) {
                return Admission.refused("the token is not valid (forged, expired or not signed by this device)");
            }
        }
        if (origin != null) {
            String page = Origins.of(origin); // null for "null" (sandboxed pages, files) and other non-origins
            boolean listed = page != null && allowedOrigins.contains(page);
            if (grant != null) {
                if (!listed && (page == null || !page.equals(grant.origin()))) {
                    return Admission.refused("the token was not issued for origin " + origin);
                }
                return Admission.admitted(tokenCaller(grant), origin);
            }
            if (!listed) {
                return Admission.refused("a page from origin " + origin + " needs a token issued for it");
            }
            return isTrustedLocal(peerUid.getAsInt()) ? Admission.admitted(Caller.TRUSTED, origin)
                    : Admission.refused("the request needs a token");
        }
        if (grant != null) {
            return Admission.admitted(tokenCaller(grant), "*");
        }
        return isTrustedLocal(peerUid.getAsInt()) ? Admission.admitted(Caller.TRUSTED, null)
                : Admission.refused("the request needs a token");
    }

    /**
     * Whether a preflight ({@code OPTIONS}) from this origin may go on: an allow-listed origin, or a page that
     * announces an {@code Authorization} header (its real request is checked with the token).
     */
    public boolean preflightAllowed(String origin, String requestedHeaders) {
        String page = Origins.of(origin);
        if (insecure || page != null && allowedOrigins.contains(page)) {
            return true;
        }
        return requestedHeaders != null && Stream.of(requestedHeaders.split(","))
                .anyMatch(h -> h.trim().equalsIgnoreCase("authorization"));
    }

    private boolean isTrustedLocal(int uid) {
        return uid == 0 || uid > 0 && trustedUser.test(uid);
    }

    /** A token's rights end when it expires, also on a WebSocket opened before. */
    private static Caller tokenCaller(Grant grant) {
        return (callsign, method) -> System.currentTimeMillis() < grant.expiresAtMillis()
                && grant.allows(callsign, method);
    }
}
