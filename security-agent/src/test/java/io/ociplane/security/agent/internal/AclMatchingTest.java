package io.ociplane.security.agent.internal;

import io.ociplane.jsonrpc.security.Origins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ACL semantics against every case of Thunder's example ACL (docs/security-agent.md) and the boundaries of
 * the pattern rules: which role an origin gets, and what the role allows.
 */
class AclMatchingTest {

    private static final AccessControlList THUNDER = parse(TestFiles.THUNDER_EXAMPLE);

    /** Ports, schemes, literal hosts, IPv6 and the order of rules. */
    private static final AccessControlList BOUNDARIES = parse("""
            {
              "assign": [ {"url": "*://localhost:*",        "role": "anyport"},
                          {"url": "http://127.0.0.1:8080",  "role": "eighty"},
                          {"url": "https://secure.test:443", "role": "secure"},
                          {"url": "ws*://sockets.test",     "role": "sockets"},
                          {"url": "http://*.*.test:80*",    "role": "stars"},
                          {"url": "*://[::1]:*",            "role": "six"},
                          {"url": "*://*.first.test",       "role": "first"},
                          {"url": "*://a.first.test",       "role": "never"} ],
              "roles": {
                "anyport": { "default": "allowed" },
                "eighty":  { "default": "allowed" },
                "secure":  { "default": "allowed" },
                "sockets": { "default": "allowed" },
                "stars":   { "default": "allowed" },
                "six":     { "default": "allowed" },
                "first":   { "default": "blocked",
                             "Controller": { "default": "allowed", "methods": ["de*"] },
                             "Contro*":    { "default": "blocked" },
                             "org.rdk.*":  { "default": "blocked", "methods": ["list*", "get*"] },
                             "*":          { "default": "allowed", "methods": ["*.*"] } },
                "never":   { "default": "allowed" }
              }
            }
            """);

    private static AccessControlList parse(String json) {
        try {
            return AclParser.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (AclFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}.{2}: {3}")
    @CsvSource({
        // assign "*://localhost" -> local, whose default is allowed: every scheme, no port
        "http://localhost,              org.rdk.OCIContainer, executeCommand,       true",
        "https://localhost/app/index.html, Controller,        activate,             true",
        "ws://localhost,                Containers,           containers,           true",
        "HTTP://LocalHost,              Controller,           deactivate,           true",
        "http://localhost:80,           Controller,           deactivate,           true",
        "http://localhost:8080,         Controller,           status,               false",
        "http://localhost.evil.com,     Controller,           status,               false",
        "http://evil.com/localhost,     Controller,           status,               false",
        "http://127.0.0.1,              Controller,           status,               false",
        // assign "https://*.example.com" -> apps (default blocked)
        "https://app.example.com,       org.rdk.OCIContainer, listContainers,       true",
        "https://app.example.com,       org.rdk.OCIContainer, stopContainer,        true",
        "https://app.example.com,       org.rdk.OCIContainer, executeCommand,       false",
        "https://app.example.com,       org.rdk.OCIContainer, startContainer,       false",
        "https://app.example.com,       org.rdk.OCIContainer, startContainerFromDobbySpec, false",
        "https://app.example.com,       org.rdk.OCIContainer, start,                false",
        "https://app.example.com,       org.rdk.OCIContainer, StartContainer,       true",
        "https://app.example.com,       org.rdk.OCIContainer, restartContainer,     true",
        "https://app.example.com,       Controller,           status,               true",
        "https://app.example.com,       Controller,           activate,             false",
        "https://app.example.com,       Controller,           statuses,             false",
        "https://app.example.com,       Containers,           containers,           false",
        "https://app.example.com,       org.rdk.ocicontainer, listContainers,       false",
        "https://app.example.com,       org.rdk.OCIContainer.2, listContainers,     false",
        "https://a.b-c.example.com,     org.rdk.OCIContainer, listContainers,       true",
        "https://APP.Example.COM:443/x?y#z, Controller,       status,               true",
        "https://user:pw@app.example.com, Controller,         status,               true",
        // what "https://*.example.com" must not match
        "https://example.com,           Controller,           status,               false",
        "https://evil.com/.example.com, Controller,           status,               false",
        "https://evil.com?.example.com, Controller,           status,               false",
        "https://evil.com#.example.com, Controller,           status,               false",
        "https://evil.com\\.example.com, Controller,          status,               false",
        "https://a.example.com.evil.com, Controller,          status,               false",
        "https://a.example.com@evil.com, Controller,          status,               false",
        "https://a_b.example.com,       Controller,           status,               false",
        "https://app.example.com:8443,  Controller,           status,               false",
        "http://app.example.com,        Controller,           status,               false",
        "wss://app.example.com,         Controller,           status,               false",
        "https://app.example.company,   Controller,           status,               false",
        "https://appexample.com,        Controller,           status,               false",
        // no origin at all: no role
        "localhost,                     Controller,           status,               false",
        "'',                            Controller,           status,               false",
    })
    void thunderExample(String url, String callsign, String method, boolean allowed) {
        assertEquals(allowed, THUNDER.allows(Origins.of(url), callsign, method));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // ":*" is any port and also none
        "http://localhost,          anyport",
        "http://localhost:8080,     anyport",
        "wss://localhost:1,         anyport",
        "https://localhost:443,     anyport",
        "http://localhost.test:80,  ''",
        // a literal port is that port only
        "http://127.0.0.1:8080,     eighty",
        "http://127.0.0.1,          ''",
        "http://127.0.0.1:80800,    ''",
        "http://127.0.0.1:808,      ''",
        "https://127.0.0.1:8080,    ''",
        // a pattern that spells out the default port means the origin without one
        "https://secure.test,       secure",
        "https://secure.test:443,   secure",
        "https://secure.test:8443,  ''",
        "http://secure.test,        ''",
        // '*' inside a scheme
        "ws://sockets.test,         sockets",
        "wss://sockets.test,        sockets",
        "http://sockets.test,       ''",
        // several stars, and '*' in a port
        "http://a.b.test:8080,      stars",
        "http://a.b.test:80,        stars",
        "http://a.b.test,           stars",
        "http://a.b.test:90,        ''",
        // IPv6 literals
        "http://[::1]:9998,         six",
        "http://[::1],              six",
        "http://[::2]:9998,         ''",
        // the first assignment that matches names the role
        "https://a.first.test,      first",
    })
    void origins(String url, String role) {
        Role found = BOUNDARIES.roleFor(Origins.of(url));
        assertEquals(role, found == null ? "" : found.name());
    }

    @ParameterizedTest(name = "{0}.{1}: {2}")
    @CsvSource({
        // the first callsign pattern in file order decides, even when a later one would say otherwise
        "Controller,            deactivate, false",
        "Controller,            activate,   true",
        "Controller,            status,     true",
        "Controllers,           status,     false",
        "Contro,                status,     false",
        // '*' covers letters, digits and dots in callsigns and methods
        "org.rdk.OCIContainer,  listContainers,   true",
        "org.rdk.OCIContainer,  getContainerInfo, true",
        "org.rdk.OCIContainer,  stopContainer,    false",
        "org.rdk.x.y,           list,             true",
        "org.rdk,               listContainers,   true",
        // "*" with its exception "*.*": any callsign of letters, digits and dots; a method with a dot is blocked
        "Containers,            containers,       true",
        "Containers,            a.b,              false",
        // a callsign outside '*' (a dash) falls back to the role's default
        "my-plugin,             anything,         false",
        "org-rdk.OCIContainer,  listContainers,   false",
    })
    void callsignsAndMethods(String callsign, String method, boolean allowed) {
        assertEquals(allowed, BOUNDARIES.allows("https://a.first.test", callsign, method));
    }
}
