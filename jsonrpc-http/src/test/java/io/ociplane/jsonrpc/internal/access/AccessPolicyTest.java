package io.ociplane.jsonrpc.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.security.Grant;

class AccessPolicyTest {

    private static final IntSupplier ROOT = () -> 0;
    private static final IntSupplier USER = () -> 1000;
    private static final IntSupplier REMOTE = () -> SocketOwners.UNKNOWN;

    /** A grant for an origin that allows only Controller.status. */
    private record StatusOnly(String origin, long expiresAtMillis) implements Grant {
        @Override
        public boolean allows(String callsign, String method) {
            return callsign.equals("Controller") && method.equals("status");
        }
    }

    private static final Grant APP = new StatusOnly("https://app.example.com", Long.MAX_VALUE);
    private static final Function<String, Optional<Grant>> VERIFIER = t -> switch (t) {
        case "good" -> Optional.of(APP);
        case "expired" -> Optional.of(new StatusOnly("https://app.example.com", System.currentTimeMillis() - 1));
        default -> Optional.empty();
    };

    private final AccessPolicy policy = new AccessPolicy(false, uid -> uid == 1234,
            new String[] { "http://127.0.0.1:9998", " https://ui.example.com:443 " });

    @Test
    void localRootWithoutTokenMayDoEverything() {
        Admission a = policy.admit(null, null, ROOT, VERIFIER);
        assertSame(Caller.TRUSTED, a.caller());
        assertNull(a.allowOrigin(), "no CORS header for a local program");
    }

    @Test
    void otherLocalUsersAndRemotePeersNeedAToken() {
        assertTrue(policy.admit(null, null, USER, VERIFIER).isRefused());
        assertTrue(policy.admit(null, null, REMOTE, VERIFIER).isRefused());
        assertSame(Caller.TRUSTED, policy.admit(null, null, () -> 1234, VERIFIER).caller(), "configured uid");
    }

    @Test
    void aTokenCallerMayDoWhatItsRoleAllows() {
        Admission a = policy.admit(null, "good", USER, VERIFIER);
        assertFalse(a.isRefused());
        assertTrue(a.caller().allows("Controller", "status"));
        assertFalse(a.caller().allows("org.rdk.OCIContainer", "startContainer"));
        assertEquals("*", a.allowOrigin());
        // root that presents a token is judged by it
        assertFalse(policy.admit(null, "good", ROOT, VERIFIER).caller().allows("Controller", "activate"));
    }

    @Test
    void forgedExpiredOrOversizedTokensAreRefusedEvenForRoot() {
        assertTrue(policy.admit(null, "forged", ROOT, VERIFIER).isRefused());
        assertTrue(policy.admit(null, "expired", ROOT, VERIFIER).isRefused());
        assertTrue(policy.admit(null, "", ROOT, VERIFIER).isRefused());
        assertTrue(policy.admit(null, "x".repeat(AccessPolicy.MAX_TOKEN_CHARS + 1), ROOT, t -> Optional.of(APP))
                .isRefused());
    }

    @Test
    void aBrowserPageIsNotTrustedByItsSocket() {
        assertTrue(policy.admit("https://evil.example", null, ROOT, VERIFIER).isRefused());
        assertTrue(policy.admit("null", null, ROOT, VERIFIER).isRefused());
    }

    @Test
    void aPageNeedsATokenIssuedForItsOrigin() {
        Admission a = policy.admit("https://app.example.com", "good", USER, VERIFIER);
        assertTrue(a.caller().allows("Controller", "status"));
        assertEquals("https://app.example.com", a.allowOrigin(), "the origin is echoed for the browser");
        assertFalse(policy.admit("https://APP.example.com:443", "good", USER, VERIFIER).isRefused(),
                "origins compare without case and default port");
        assertTrue(policy.admit("https://evil.example", "good", USER, VERIFIER).isRefused());
        assertTrue(policy.admit("http://app.example.com", "good", USER, VERIFIER).isRefused(), "scheme counts");
    }

    @Test
    void allowListedOriginsAreJudgedByTheirSocket() {
        Admission a = policy.admit("http://127.0.0.1:9998", null, ROOT, VERIFIER);
        assertSame(Caller.TRUSTED, a.caller());
        assertEquals("http://127.0.0.1:9998", a.allowOrigin());
        assertFalse(policy.admit("https://ui.example.com", null, ROOT, VERIFIER).isRefused());
        assertTrue(policy.admit("http://127.0.0.1:9998", null, USER, VERIFIER).isRefused());
        assertFalse(policy.admit("http://127.0.0.1:9998", "good", USER, VERIFIER).isRefused(),
                "a token of another origin is accepted from an allow-listed page");
    }

    @Test
    void preflightOnlyForListedOriginsOrPagesThatSendAToken() {
        assertTrue(policy.preflightAllowed("http://127.0.0.1:9998", null));
        assertTrue(policy.preflightAllowed("https://app.example.com", "content-type, Authorization"));
        assertFalse(policy.preflightAllowed("https://evil.example", "content-type"));
        assertFalse(policy.preflightAllowed("https://evil.example", null));
    }

    @Test
    void insecureLetsEverythingIn() {
        AccessPolicy off = new AccessPolicy(true, uid -> false, new String[0]);
        assertSame(Caller.TRUSTED, off.admit("https://evil.example", "forged", REMOTE, VERIFIER).caller());
        assertTrue(off.preflightAllowed("https://evil.example", null));
    }

    @Test
    void expiryEndsATokenCallersRights() {
        long soon = System.currentTimeMillis() + 200;
        Grant shortLived = new StatusOnly("https://app.example.com", soon);
        Caller c = policy.admit(null, "t", USER, t -> Optional.of(shortLived)).caller();
        assertTrue(c.allows("Controller", "status"));
        long deadline = System.currentTimeMillis() + 5_000;
        while (System.currentTimeMillis() <= soon && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait(); // waits for the clock itself, which is the condition under test
        }
        assertFalse(c.allows("Controller", "status"));
    }
}
