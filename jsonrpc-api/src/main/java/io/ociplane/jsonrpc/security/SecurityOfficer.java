package io.ociplane.jsonrpc.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Vouches for tokens (Thunder's SecurityAgent). The host asks it once per token and connection, and keeps the
 * answer until the token expires or this service goes away: a provider that changes its signing secret must
 * unregister and register again.
 */
@ProviderType
public interface SecurityOfficer {

    /**
     * @param token the token as the client sent it (a JWT for SecurityAgent), never {@code null}
     * @return the token's grant, or empty when the token is forged, badly signed, expired or unreadable
     */
    Optional<Grant> verify(String token);
}
