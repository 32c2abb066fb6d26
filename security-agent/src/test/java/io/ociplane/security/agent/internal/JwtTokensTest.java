package io.ociplane.security.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;

class JwtTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private final TestFiles.MovableClock clock = new TestFiles.MovableClock(START);
    private final JwtTokens tokens = new JwtTokens(SECRET, Duration.ofHours(1), clock);

    private String issue(String url) {
        return tokens.issue(new TokenRequest(url, null, null));
    }

    @Test
    void aTokenItMadeVerifiesWithOriginAndExpiry() {
        VerifiedToken t = tokens.verify(issue("https://App.Example.com:443/index.html?x#y")).orElseThrow();
        assertEquals("https://App.Example.com:443/index.html?x#y", t.url());
        assertEquals("https://app.example.com", t.origin());
        assertEquals(START.plusSeconds(3600).toEpochMilli(), t.expiresAtMillis());
    }

    @Test
    void claimsAreTheGivenOnesPlusTimesAndARandomId() {
        DecodedJWT all = JWT.decode(tokens.issue(new TokenRequest("http://localhost", "alice", "abc")));
        assertEquals("HS256", all.getAlgorithm());
        assertEquals("http://localhost", all.getClaim("url").asString());
        assertEquals("alice", all.getClaim("user").asString());
        assertEquals("abc", all.getClaim("hash").asString());
        assertEquals(START, all.getIssuedAtAsInstant());
        assertEquals(START.plusSeconds(3600), all.getExpiresAtAsInstant());
        assertEquals(22, all.getId().length()); // 16 random bytes, base64url

        DecodedJWT bare = JWT.decode(tokens.issue(new TokenRequest(null, null, null)));
        assertEquals(java.util.Set.of("iat", "exp", "jti"), bare.getClaims().keySet());
        assertNotEquals(all.getId(), bare.getId());
        assertNull(tokens.verify(bare.getToken()).orElseThrow().origin());
    }

    @Test
    void aChangedPayloadIsRefused() {
        String[] parts = issue("http://localhost").split("\\.");
        String forged = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("http://localhost", "http://localhosT");
        String token = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertTrue(tokens.verify(token).isEmpty());
        assertTrue(tokens.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(1)).isEmpty());
    }

    @Test
    void aTokenOfAnotherSecretIsRefused() {
        JwtTokens other = new JwtTokens("another secret, also 32 bytes!!!".getBytes(StandardCharsets.US_ASCII),
                Duration.ofHours(1), clock);
        assertTrue(tokens.verify(other.issue(new TokenRequest("http://localhost", null, null))).isEmpty());
    }

    @Test
    void otherAlgorithmsAreRefused() {
        Map<String, Object> claims = Map.of("url", "http://localhost", "iat", START.getEpochSecond(),
                "exp", START.getEpochSecond() + 60);
        assertTrue(tokens.verify(JWT.create().withPayload(claims).sign(Algorithm.none())).isEmpty());
        assertTrue(tokens.verify(JWT.create().withPayload(claims).sign(Algorithm.HMAC384(SECRET))).isEmpty());
        // a hand-made "alg":"none" token, with and without the signature of a real one
        String real = issue("http://localhost");
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = real.split("\\.")[1];
        assertTrue(tokens.verify(none + "." + payload + ".").isEmpty());
        assertTrue(tokens.verify(none + "." + payload + "." + real.split("\\.")[2]).isEmpty());
        // the same claims signed properly pass: the refusals above are about the algorithm
        assertTrue(tokens.verify(JWT.create().withPayload(claims).sign(Algorithm.HMAC256(SECRET))).isPresent());
    }

    @Test
    void anExpiredTokenIsRefused() {
        JwtTokens shortLived = new JwtTokens(SECRET, Duration.ofSeconds(1), clock);
        String token = shortLived.issue(new TokenRequest("http://localhost", null, null));
        assertTrue(shortLived.verify(token).isPresent());
        clock.advance(Duration.ofMillis(1001));
        assertTrue(shortLived.verify(token).isEmpty());
        assertTrue(tokens.verify(token).isEmpty());
    }

    @Test
    void claimsWithoutExpiryOrIssueTimeAreRefused() {
        assertTrue(tokens.verify(JWT.create().withClaim("url", "http://localhost")
                .withIssuedAt(START).sign(Algorithm.HMAC256(SECRET))).isEmpty());
        assertTrue(tokens.verify(JWT.create().withClaim("url", "http://localhost")
                .withExpiresAt(START.plusSeconds(60)).sign(Algorithm.HMAC256(SECRET))).isEmpty());
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondAFewSeconds() {
        TestFiles.MovableClock ahead = new TestFiles.MovableClock(START.plusSeconds(3));
        assertTrue(tokens.verify(new JwtTokens(SECRET, Duration.ofHours(1), ahead)
                .issue(new TokenRequest("http://localhost", null, null))).isPresent());
        ahead.advance(Duration.ofSeconds(60));
        assertTrue(tokens.verify(new JwtTokens(SECRET, Duration.ofHours(1), ahead)
                .issue(new TokenRequest("http://localhost", null, null))).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "a.b.c", "..", "...", "eyJhbGciOiJIUzI1NiJ9..", "Bearer x.y.z",
        "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "ey.ey.ey.ey" })
    void garbageIsRefused(String token) {
        assertTrue(tokens.verify(token).isEmpty());
    }

    @Test
    void nullAndOverlongTokensAreRefused() {
        assertTrue(tokens.verify(null).isEmpty());
        String valid = issue("http://localhost");
        assertTrue(tokens.verify(valid).isPresent());
        assertFalse(tokens.verify(valid + "x".repeat(JwtTokens.MAX_TOKEN_CHARS)).isPresent());
    }
}
