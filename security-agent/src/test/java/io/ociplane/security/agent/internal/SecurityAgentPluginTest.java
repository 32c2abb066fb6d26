package io.ociplane.security.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.internal.dispatch.Caller;
import io.ociplane.jsonrpc.internal.dispatch.Dispatcher;
import io.ociplane.jsonrpc.internal.dispatch.PluginDirectory;
import io.ociplane.jsonrpc.internal.dispatch.Subscriptions;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.security.Grant;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.jsonrpc.spi.PluginApi;

/** The plugin as the host sees it: its JSON-RPC API through the host's dispatcher, and its SecurityOfficer side. */
class SecurityAgentPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ERROR_GENERAL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":1,\"message\":\"ERROR_GENERAL\"}}";

    @TempDir
    Path dir;
    private Path aclFile;
    private Path stateDir;
    private final TestFiles.MovableClock clock = new TestFiles.MovableClock(START);

    static SecurityAgentConfig config(Path acl, Path stateDir, long lifetimeSeconds) {
        return Converters.standardConverter().convert(Map.of("acl", acl.toString(), "stateDir", stateDir.toString(),
                "tokenLifetimeSeconds", lifetimeSeconds)).to(SecurityAgentConfig.class);
    }

    @BeforeEach
    void setUp() throws IOException {
        aclFile = TestFiles.write(dir.resolve("acl.json"), TestFiles.THUNDER_EXAMPLE);
        stateDir = dir.resolve("state");
    }

    private SecurityAgentPlugin start(long lifetimeSeconds) {
        SecurityAgentPlugin plugin = new SecurityAgentPlugin(clock, System::nanoTime);
        plugin.activate(config(aclFile, stateDir, lifetimeSeconds));
        return plugin;
    }

    private SecurityAgentPlugin start() {
        return start(3600);
    }

    /** One call through the host's dispatcher, R4 rules, as a trusted caller; the reply without its reason. */
    private static String call(SecurityAgentPlugin plugin, String method, String params) {
        PluginApi api = plugin.define(EventSink.NONE);
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Dispatcher dispatcher = new Dispatcher(new PluginDirectory() {
            @Override
            public boolean knows(String callsign) {
                return "SecurityAgent".equals(callsign);
            }

            @Override
            public PluginApi awaitActive(String callsign) {
                return api;
            }
        }, new Subscriptions(codec), codec, "Controller");
        String request = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"SecurityAgent.1." + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
        try {
            byte[] body = dispatcher.dispatch(codec.readRequest(request), null, null, Caller.TRUSTED).body();
            return new String(body, StandardCharsets.UTF_8).replaceFirst(",\"data\":\"[^\"]*\"", "");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String createToken(SecurityAgentPlugin plugin, String params) throws IOException {
        JsonNode reply = JSON.readTree(call(plugin, "createtoken", params));
        assertTrue(reply.path("result").path("token").isTextual(), reply.toString());
        return reply.get("result").get("token").asText();
    }

    private static String validate(SecurityAgentPlugin plugin, String token) {
        return call(plugin, "validate", "{\"token\":\"" + token + "\"}");
    }

    private static String valid(boolean valid) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"valid\":" + valid + "}}";
    }

    @Test
    void createtokenAndValidate() throws IOException {
        SecurityAgentPlugin plugin = start();
        String token = createToken(plugin, "{\"url\":\"https://app.example.com/index.html\",\"user\":\"u\",\"hash\":\"h\"}");
        assertEquals(valid(true), validate(plugin, token));
        assertEquals(valid(false), validate(plugin, token.substring(0, token.length() - 2)));
        assertEquals(valid(false), validate(plugin, "garbage"));
        assertEquals(valid(false), validate(plugin, ""));
        assertEquals(valid(false), call(plugin, "validate", "{}"));
        assertEquals(valid(false), call(plugin, "validate", null));
        assertEquals(valid(false), call(plugin, "validate", "{\"token\":42}"));
        assertTrue(createToken(plugin, null).split("\\.").length == 3, "all members are optional");
        assertTrue(createToken(plugin, "{\"url\":null}").split("\\.").length == 3);
    }

    @Test
    void createtokenRefusesMembersThatAreNotStrings() {
        SecurityAgentPlugin plugin = start();
        assertEquals(ERROR_GENERAL, call(plugin, "createtoken", "{\"url\":5}"));
        assertEquals(ERROR_GENERAL, call(plugin, "createtoken", "{\"url\":\"http://localhost\",\"user\":{}}"));
        assertEquals(ERROR_GENERAL, call(plugin, "createtoken", "{\"hash\":[\"x\"]}"));
        assertEquals(ERROR_GENERAL, call(plugin, "createtoken", "[\"http://localhost\"]"));
        assertEquals(ERROR_GENERAL, call(plugin, "createtoken", "\"http://localhost\""));
    }

    @Test
    void theGrantHasTheOriginTheExpiryAndTheRolesVerdicts() throws IOException {
        SecurityAgentPlugin plugin = start(600);
        Grant apps = plugin.verify(createToken(plugin, "{\"url\":\"HTTPS://Shop.Example.com:443/cart?x=1\"}")).orElseThrow();
        assertEquals("https://shop.example.com", apps.origin());
        assertEquals(START.plusSeconds(600).toEpochMilli(), apps.expiresAtMillis());
        assertTrue(apps.allows("org.rdk.OCIContainer", "listContainers"));
        assertFalse(apps.allows("org.rdk.OCIContainer", "executeCommand"));
        assertTrue(apps.allows("Controller", "status"));
        assertFalse(apps.allows("Controller", "activate"));

        Grant local = plugin.verify(createToken(plugin, "{\"url\":\"http://localhost\"}")).orElseThrow();
        assertTrue(local.allows("Controller", "activate"));

        Grant nobody = plugin.verify(createToken(plugin, "{\"user\":\"u\"}")).orElseThrow();
        assertNull(nobody.origin());
        assertFalse(nobody.allows("Controller", "status"));

        clock.advance(Duration.ofSeconds(600));
        assertFalse(local.allows("Controller", "activate"), "an expired grant allows nothing");
        assertTrue(plugin.verify(createToken(plugin, "{\"url\":\"http://localhost\"}")).isPresent());
    }

    @Test
    void aLifetimeThatIsNotPositiveFallsBackToAnHour() throws IOException {
        SecurityAgentPlugin plugin = start(0);
        Grant grant = plugin.verify(createToken(plugin, "{\"url\":\"http://localhost\"}")).orElseThrow();
        assertEquals(START.plusSeconds(3600).toEpochMilli(), grant.expiresAtMillis());
        SecurityAgentPlugin negative = start(-5);
        assertEquals(START.plusSeconds(3600).toEpochMilli(),
                negative.verify(createToken(negative, "{}")).orElseThrow().expiresAtMillis());
    }

    @Test
    void tokensSurviveARestartAndDieWithTheSecret() throws IOException {
        SecurityAgentPlugin first = start();
        String token = createToken(first, "{\"url\":\"http://localhost\"}");
        assertEquals("rw-------", TestFiles.mode(stateDir.resolve("token.secret")));
        assertEquals("rwx------", TestFiles.mode(stateDir));

        SecurityAgentPlugin restarted = start();
        assertTrue(restarted.verify(token).isPresent(), "same secret after a restart");
        assertEquals(valid(true), validate(restarted, token));

        Files.delete(stateDir.resolve("token.secret"));
        SecurityAgentPlugin rotated = start();
        assertTrue(rotated.verify(token).isEmpty(), "a new secret invalidates earlier tokens");
        assertEquals(valid(false), validate(rotated, token));
        assertTrue(rotated.verify(createToken(rotated, "{}")).isPresent());
    }

    @Test
    void anUnsafeSecretStopsTheActivation() throws IOException {
        start();
        Files.setPosixFilePermissions(stateDir.resolve("token.secret"), PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class, this::start);
        assertEquals("SecurityAgent cannot start: token secret " + stateDir.resolve("token.secret")
                + " is accessible to group or others (mode 0644); it must be 0600; remove it to make a new one"
                + " (earlier tokens then stop being valid)", e.getMessage());
    }

    @Test
    void anEditedAclAppliesToGrantsAlreadyGiven() throws IOException {
        SecurityAgentPlugin plugin = start();
        Grant apps = plugin.verify(createToken(plugin, "{\"url\":\"https://app.example.com\"}")).orElseThrow();
        assertTrue(apps.allows("org.rdk.OCIContainer", "stopContainer"));
        assertNull(plugin.define(EventSink.NONE).statusNote());

        TestFiles.write(aclFile, TestFiles.THUNDER_EXAMPLE.replace("[\"executeCommand\", \"start*\"]",
                "[\"executeCommand\", \"start*\", \"stop*\"]"));
        TestFiles.await(() -> !apps.allows("org.rdk.OCIContainer", "stopContainer"), Duration.ofSeconds(10),
                "the edited ACL to block stopContainer");
        assertFalse(apps.allows("org.rdk.OCIContainer", "startContainer"));
        assertTrue(apps.allows("org.rdk.OCIContainer", "listContainers"));

        // a broken edit: the ACL in force stays, and the plugin's status says why
        TestFiles.write(aclFile, TestFiles.THUNDER_EXAMPLE.replace("\"default\": \"allowed\" }", "\"default\": \"open\" }"));
        PluginApi api = plugin.define(EventSink.NONE);
        TestFiles.await(() -> api.statusNote() != null, Duration.ofSeconds(10), "a status note on the broken ACL");
        assertEquals("ACL " + aclFile + " not reloaded (roles.local.default must be \"allowed\" or \"blocked\"): the"
                + " last good one stays in force", api.statusNote());
        assertFalse(apps.allows("org.rdk.OCIContainer", "stopContainer"));
        assertTrue(apps.allows("org.rdk.OCIContainer", "listContainers"));
    }

    @Test
    void anAclOthersCanWriteIsNotUsed() throws IOException {
        Files.setPosixFilePermissions(aclFile, PosixFilePermissions.fromString("rw-rw-rw-"));
        SecurityAgentPlugin plugin = start();
        Grant local = plugin.verify(createToken(plugin, "{\"url\":\"http://localhost\"}")).orElseThrow();
        assertFalse(local.allows("Controller", "status"));
        assertEquals("no ACL loaded from " + aclFile + " (it is writable by group or others (mode 0666)): tokens"
                + " allow nothing", plugin.define(EventSink.NONE).statusNote());
        assertEquals(valid(true), validate(plugin, createToken(plugin, "{}")), "tokens are still made and checked");
    }

    @Test
    void aRelativeAclPathIsTakenFromTheWorkingDirectory() {
        SecurityAgentPlugin plugin = new SecurityAgentPlugin(clock, System::nanoTime);
        plugin.activate(config(Path.of("no-such-dir/acl.json"), stateDir, 3600));
        assertEquals("no ACL loaded from " + Path.of("").toAbsolutePath().resolve("no-such-dir/acl.json")
                + " (the file does not exist): tokens allow nothing", plugin.define(EventSink.NONE).statusNote());
    }
}
