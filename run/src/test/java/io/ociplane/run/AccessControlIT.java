package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

/**
 * Access control over real HTTP and WebSocket connections (docs/security.md): an unprivileged local user (curl under
 * setpriv), root, browser pages (Origin), tokens from the SecurityAgent plugin with an ACL, and forged ones.
 */
public class AccessControlIT extends InRuntime {

    private static final String WORK = "it.security.work";
    private static final String UI_ORIGIN = "http://ui.example:8080";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Every method of every shipped callsign (built-ins included), with params that change nothing. */
    private static final Map<String, List<String>> SHIPPED = new LinkedHashMap<>();
    static {
        SHIPPED.put("Controller", List.of("activate", "deactivate", "unavailable", "status", "configuration",
                "exists", "register", "unregister"));
        SHIPPED.put("org.rdk.OCIContainer", List.of("listContainers", "getContainerState", "getContainerInfo",
                "startContainer", "startContainerFromDobbySpec", "stopContainer", "pauseContainer", "resumeContainer",
                "executeCommand", "hibernateContainer", "wakeupContainer", "annotate", "removeAnnotation", "mount",
                "unmount", "exists", "register", "unregister"));
        SHIPPED.put("Containers", List.of("start", "stop", "containers", "networks", "memory", "cpu", "exists",
                "register", "unregister"));
        SHIPPED.put("SecurityAgent", List.of("createtoken", "validate", "exists", "register", "unregister"));
    }

    private static final String ACL = """
            {
              // the full role may do everything; the viewer only reads
              "assign": [ {"url": "https://full.example", "role": "full"},
                          {"url": "https://viewer.example", "role": "viewer"} ],
              "roles": {
                "full": { "default": "allowed" },
                "viewer": { "default": "blocked",
                  "org.rdk.OCIContainer": { "default": "blocked",
                                            "methods": ["listContainers", "getContainerState", "register"] },
                  "Controller": { "default": "blocked", "methods": ["status"] },
                  "Demo": { "default": "blocked", "methods": ["ping", "register"] } }
              }
            }
            """;

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.tempDir("security");
        return RuntimeOptions.runtime(Set.of(), RuntimeOptions.allPlugins(work, ACL),
                CoreOptions.systemProperty(WORK).value(work.toString()),
                CoreOptions.systemProperty("io.ociplane.jsonrpc.allowedOrigins").value(UI_ORIGIN));
    }

    private Rpc rpc;
    private Path work;

    @Before
    public void setUp() {
        rpc = new Rpc();
        work = Path.of(System.getProperty(WORK));
        for (String cs : SHIPPED.keySet()) {
            Rpc.await(cs + " activated", WAIT, () -> rpc.call("Controller.1.status@" + cs, null).body()
                    .contains("\"state\":\"activated\""));
        }
    }

    private String token(String url) {
        String t = rpc.call("SecurityAgent.1.createtoken", "{\"url\":\"" + url + "\"}").json().path("result")
                .path("token").asText();
        assertFalse("no token for " + url, t.isEmpty());
        return t;
    }

    private static String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    /** Params that name nothing that exists, so an allowed call changes nothing. */
    private static String harmlessParams(String callsign, String method) {
        return switch (method) {
            case "activate", "deactivate", "unavailable" -> "{\"callsign\":\"Nobody\"}";
            case "register", "unregister" -> "{\"event\":\"x\",\"id\":\"c\"}";
            case "createtoken" -> "{\"url\":\"https://nowhere.example\"}";
            case "validate" -> "{\"token\":\"x\"}";
            default -> callsign.equals("Containers") ? "{\"name\":\"nope\"}" : "{\"containerId\":\"nope\"}";
        };
    }

    @Test
    public void anotherLocalUserIsRefusedEveryMethodWithoutAToken() {
        for (Map.Entry<String, List<String>> e : SHIPPED.entrySet()) {
            for (String m : e.getValue()) {
                String body = request(e.getKey() + ".1." + m, harmlessParams(e.getKey(), m));
                assertEquals(e.getKey() + "." + m, 401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body).status());
            }
            assertEquals(e.getKey() + " direct path", 401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc/" + e.getKey(),
                    request(SHIPPED.get(e.getKey()).get(0), "{}")).status());
        }
        // root, by contrast, is the device administrator
        assertEquals(200, rpc.call("Controller.1.status", null).status());
        assertEquals(202, rpc.post(request("Controller.1.activate", "{\"callsign\":\"Nobody\"}")).status());
    }

    @Test
    public void aTokenCallerMayDoWhatItsRoleAllows() {
        String full = "Authorization: Bearer " + token("https://full.example");
        String viewer = "Authorization: Bearer " + token("https://viewer.example");
        String nobody = "Authorization: Bearer " + token("https://unassigned.example");
        Set<String> viewerMay = Set.of("Controller.status", "org.rdk.OCIContainer.listContainers",
                "org.rdk.OCIContainer.getContainerState", "org.rdk.OCIContainer.register");
        for (Map.Entry<String, List<String>> e : SHIPPED.entrySet()) {
            for (String m : e.getValue()) {
                String what = e.getKey() + "." + m;
                String body = request(e.getKey() + ".1." + m, harmlessParams(e.getKey(), m));
                int withFull = AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, full).status();
                assertTrue(what + " with the full role: " + withFull, withFull == 200 || withFull == 202);
                int withViewer = AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, viewer).status();
                if (viewerMay.contains(what)) {
                    assertTrue(what + " with the viewer role: " + withViewer, withViewer == 200 || withViewer == 202);
                } else {
                    assertEquals(what + " with the viewer role", 401, withViewer);
                }
                assertEquals(what + " with a role-less token", 401,
                        AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, nobody).status());
            }
        }
        // a viewer asks for a token of the full role: createtoken is no way in
        assertEquals(401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc",
                request("SecurityAgent.1.createtoken", "{\"url\":\"https://full.example\"}"), viewer).status());
    }

    @Test
    public void forgedExpiredAndBadlySignedTokensAreRefused() throws IOException {
        String good = token("https://full.example");
        byte[] secret = Files.readAllBytes(work.resolve("state/token.secret"));
        long now = System.currentTimeMillis() / 1000;
        String[] parts = good.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"url\":\"https://full.example\",\"user\":\"mallory\",\"exp\":4102444800}".getBytes());
        Map<String, String> bad = Map.of(
                "payload swapped", parts[0] + "." + otherPayload + "." + parts[2],
                "signed with another key", forge("{\"url\":\"https://full.example\",\"exp\":" + (now + 600) + "}",
                        "guess".getBytes()),
                "expired", forge("{\"url\":\"https://full.example\",\"iat\":" + (now - 7200) + ",\"exp\":"
                        + (now - 3600) + "}", secret),
                "alg none", parts[0].replaceAll(".*", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())) + "." + parts[1] + ".",
                "garbage", "not-a-token");
        String body = request("Controller.1.status", "null");
        assertEquals(200, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, "Authorization: Bearer " + good).status());
        for (Map.Entry<String, String> b : bad.entrySet()) {
            assertEquals(b.getKey(), 401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body,
                    "Authorization: Bearer " + b.getValue()).status());
            assertEquals(b.getKey() + " (root)", 401, AsUser.post(0, rpc.port(), "/jsonrpc", body,
                    "Authorization: Bearer " + b.getValue()).status());
            assertEquals(b.getKey() + " validate", "false", rpc.call("SecurityAgent.1.validate",
                    "{\"token\":\"" + b.getValue() + "\"}").json().path("result").path("valid").asText());
        }
        assertEquals("true", rpc.call("SecurityAgent.1.validate", "{\"token\":\"" + good + "\"}").json()
                .path("result").path("valid").asText());
    }

    @Test
    public void aBrowserPageIsJudgedByItsOriginAndToken() {
        String body = request("Demo.1.ping", "null");
        // a "simple" cross-origin POST from any page, even in root's browser: refused before it runs
        String evil = rpc.raw("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(evil, evil.startsWith("HTTP/1.1 401"));
        assertFalse(evil, evil.contains("Access-Control-Allow-Origin"));
        // an allow-listed page is judged by its socket (root here), and its origin is echoed for the browser
        String listed = rpc.raw("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + UI_ORIGIN
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(listed, listed.startsWith("HTTP/1.1 200") && listed.contains("Access-Control-Allow-Origin: " + UI_ORIGIN));
        assertEquals(401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, "Origin: " + UI_ORIGIN).status());
        // a page with a token issued for its origin
        String full = token("https://full.example");
        String withToken = rpc.raw("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://full.example\r\n"
                + "Authorization: Bearer " + full + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);
        assertTrue(withToken, withToken.startsWith("HTTP/1.1 200")
                && withToken.contains("Access-Control-Allow-Origin: https://full.example"));
        String stolen = rpc.raw("POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                + "Authorization: Bearer " + full + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body);
        assertTrue("a token used from another origin: " + stolen, stolen.startsWith("HTTP/1.1 401"));
        // preflight
        String preflightListed = rpc.raw("OPTIONS /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + UI_ORIGIN
                + "\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
        assertTrue(preflightListed, preflightListed.startsWith("HTTP/1.1 204")
                && preflightListed.contains("Access-Control-Allow-Origin: " + UI_ORIGIN));
        String preflightEvil = rpc.raw("OPTIONS /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example"
                + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"
                + "Connection: close\r\n\r\n");
        assertFalse(preflightEvil, preflightEvil.contains("Access-Control-Allow-Origin"));
        String preflightToken = rpc.raw("OPTIONS /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://full.example"
                + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization,content-type"
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(preflightToken, preflightToken.contains("Access-Control-Allow-Origin: https://full.example")
                && preflightToken.contains("Authorization"));
    }

    @Test
    public void webSocketsNeedATokenUnlessLocalRootAndEventsFollowTheRole() throws Exception {
        String full = token("https://full.example");
        String viewer = token("https://viewer.example");
        assertEquals("foreign page, no token", 403, upgradeStatus("/jsonrpc", Map.of("Origin", "https://evil.example")));
        assertEquals("forged token", 403, upgradeStatus("/jsonrpc?token=" + full + "x", Map.of()));
        assertEquals("another user, no token", 403, AsUser.upgrade(AsUser.NOBODY, rpc.port(), "/jsonrpc").status());
        assertEquals("another user, token", 101, AsUser.upgrade(AsUser.NOBODY, rpc.port(), "/jsonrpc?token=" + full).status());

        // a ThunderJS-style page: token in the query, its own origin
        try (WsClient app = new WsClient(rpc.port(), "/jsonrpc?token=" + full, Map.of("Origin", "https://full.example"),
                "notification");
                WsClient view = new WsClient(rpc.port(), "/jsonrpc?token=" + viewer,
                        Map.of("Origin", "https://viewer.example"), "notification")) {
            assertTrue(app.call(1, "Demo.1.register", "{\"event\":\"fired\",\"id\":\"app\"}", null).contains("\"result\":0"));
            assertTrue(view.call(1, "Demo.1.register", "{\"event\":\"fired\",\"id\":\"view\"}", null).contains("\"result\":0"));
            String refused = view.call(2, "org.rdk.OCIContainer.1.startContainer", "{\"containerId\":\"x\"}", null);
            assertTrue(refused, refused.contains("\"method\":\"org.rdk.OCIContainer.1.startContainer\"")
                    && refused.contains("\"error\":{\"code\":-32604,\"message\":\"method invokation not allowed.\""));
            assertTrue(view.call(3, "org.rdk.OCIContainer.1.listContainers", null, null).contains("\"result\""));

            fire("one");
            assertTrue(app.await(m -> m.contains("app.fired"), WAIT).contains("one"));
            assertTrue(view.await(m -> m.contains("view.fired"), WAIT).contains("one"));

            // the ACL changes under the open sockets: the viewer may no longer register on Demo
            Path acl = work.resolve("acl.json");
            String original = Files.readString(acl);
            try {
                Files.writeString(acl, original.replace("\"methods\": [\"ping\", \"register\"]", "\"methods\": [\"ping\"]"));
                Rpc.await("the new ACL in force", WAIT, () -> view.call(4, "Demo.1.register",
                        "{\"event\":\"probe\",\"id\":\"view\"}", null).contains("\"code\":-32604"));
                fire("two");
                assertTrue(app.await(m -> m.contains("app.fired"), WAIT).contains("two"));
                List<String> before = new ArrayList<>();
                view.call(5, "Controller.1.status@Demo", null, before);
                assertTrue("an event went to a socket whose role no longer allows it: " + before,
                        before.stream().noneMatch(m -> m.contains("fired")));
            } finally {
                Files.writeString(acl, original);
            }
        }
    }

    @Test
    public void aBrokenAclKeepsTheLastGoodOneAndSaysWhy() throws IOException {
        String viewer = "Authorization: Bearer " + token("https://viewer.example");
        String list = request("org.rdk.OCIContainer.1.listContainers", "null");
        Path acl = work.resolve("acl.json");
        String original = Files.readString(acl);
        try {
            Files.writeString(acl, "{\"assign\": [ broken");
            Rpc.await("a note on the broken ACL", WAIT, () -> rpc.call("Controller.1.status@SecurityAgent", null)
                    .json().path("result").path(0).has("note"));
            assertEquals(200, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", list, viewer).status());
        } finally {
            Files.writeString(acl, original);
        }
        Rpc.await("the note gone", WAIT, () -> !rpc.call("Controller.1.status@SecurityAgent", null)
                .json().path("result").path(0).has("note"));
    }

    @Test
    public void aNewSecretInvalidatesEveryToken() throws IOException {
        String old = token("https://full.example");
        String body = request("Controller.1.status", "null");
        assertEquals(200, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, "Authorization: Bearer " + old).status());
        Files.delete(work.resolve("state/token.secret"));
        assertEquals(200, rpc.call("Controller.1.deactivate", "{\"callsign\":\"SecurityAgent\"}").status());
        assertEquals(200, rpc.call("Controller.1.activate", "{\"callsign\":\"SecurityAgent\"}").status());
        Rpc.await("SecurityAgent back", WAIT, () -> rpc.call("Controller.1.status@SecurityAgent", null).body()
                .contains("\"state\":\"activated\""));
        assertTrue(Files.exists(work.resolve("state/token.secret")));
        assertEquals(401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, "Authorization: Bearer " + old).status());
        String fresh = token("https://full.example");
        assertNotEquals(old, fresh);
        assertEquals(200, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, "Authorization: Bearer " + fresh).status());
    }

    @Test
    public void withoutSecurityAgentOnlyLocalRootGetsIn() {
        String token = token("https://full.example");
        String body = request("Controller.1.status", "null");
        assertEquals(200, rpc.call("Controller.1.deactivate", "{\"callsign\":\"SecurityAgent\"}").status());
        try {
            assertEquals(401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body, "Authorization: Bearer " + token)
                    .status());
            assertEquals(401, AsUser.post(AsUser.NOBODY, rpc.port(), "/jsonrpc", body).status());
            assertEquals(200, rpc.call("Controller.1.status", null).status());
        } finally {
            rpc.call("Controller.1.activate", "{\"callsign\":\"SecurityAgent\"}");
        }
    }

    /** An HS256 JWT signed by the test itself, as an attacker (or a leaked secret) would make one. */
    private static String forge(String payload, byte[] key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(payload.getBytes());
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes()));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private void fire(String payload) {
        assertEquals(200, rpc.call("Demo.1.fire", "{\"payload\":\"" + payload + "\"}").status());
    }

    private int upgradeStatus(String path, Map<String, String> headers) {
        try (WsClient c = new WsClient(rpc.port(), path, headers)) {
            fail("upgrade accepted: " + c.subprotocol());
            return 101;
        } catch (CompletionException e) {
            assertNotNull(e.getCause());
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new AssertionError("upgrade failed otherwise", e);
        }
    }
}
