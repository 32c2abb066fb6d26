package io.ociplane.security.agent.internal;

import io.ociplane.jsonrpc.security.Origins;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTCreationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

/**
 * Makes and checks tokens: JWTs signed with HMAC-SHA256 (HS256), as Thunder's SecurityAgent does, through Auth0's
 * java-jwt rather than our own signing code. One instance per secret; the verifier is built once and is
 * thread-safe.
 */
final class JwtTokens {

    /** Longer tokens are refused unread; the host refuses them too (docs/security.md). */
    static final int MAX_TOKEN_CHARS = 8192;
    /** Tolerance for an issue time in the future (clock steps, not clock skew: we verify what we signed). */
    static final long ISSUED_AT_LEEWAY_SECONDS = 5;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    JwtTokens(byte[] secret, Duration lifetime, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.clock = clock;
        this.lifetime = lifetime;
        // require() pins the algorithm: a token whose header names another one ("none", HS384, RS256) is refused
        // before its signature is looked at. build(Clock) is java-jwt's documented way to use a given clock.
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm)
                .acceptLeeway(ISSUED_AT_LEEWAY_SECONDS)
                .acceptExpiresAt(0)
                .withClaimPresence("exp")
                .withClaimPresence("iat"))
                .build(clock);
    }

    /**
     * @return a token with the request's members that are given, {@code iat}, {@code exp} and a random {@code jti}
     * @throws JWTCreationException when it cannot be signed
     */
    String issue(TokenRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTCreator.Builder token = JWT.create();
        if (request.url() != null) {
            token.withClaim("url", request.url());
        }
        if (request.user() != null) {
            token.withClaim("user", request.user());
        }
        if (request.hash() != null) {
            token.withClaim("hash", request.hash());
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        return token.withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .withJWTId(Base64.getUrlEncoder().withoutPadding().encodeToString(id))
                .sign(algorithm);
    }

    /** @return what the token says, or empty when it is not one of ours or not valid now; never throws */
    Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            Claim url = jwt.getClaim("url");
            String text = url.isMissing() || url.isNull() ? null : url.asString();
            return Optional.of(new VerifiedToken(text, Origins.of(text), jwt.getExpiresAtAsInstant().toEpochMilli()));
        } catch (RuntimeException e) { // JWTVerificationException and anything a malformed token provokes
            return Optional.empty();
        }
    }

    Duration lifetime() {
        return lifetime;
    }
}
