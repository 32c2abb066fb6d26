package io.ociplane.jsonrpc.internal.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LayeredHostConfigTest {

    private static final Map<String, String> FRAMEWORK = Map.of("io.ociplane.jsonrpc.profile", "R5",
            "io.ociplane.jsonrpc.pluginsDir", "/opt/plugins", "io.ociplane.jsonrpc.restartGraceMillis", " 3000 ",
            "io.ociplane.jsonrpc.allowedOrigins", "https://a.example, https://b.example",
            "io.ociplane.jsonrpc.insecure", "true");

    @Test
    void withNothingSetTheDefaultsOfHostConfigHold() {
        HostConfig c = LayeredHostConfig.of(Map.of(), name -> null);
        assertEquals("R4", c.profile());
        assertEquals(2000, c.restartGraceMillis());
        assertEquals(1048576, c.maxRequestBytes());
        assertArrayEquals(new String[0], c.allowedOrigins());
        assertFalse(c.insecure());
        assertEquals(HostConfig.class, c.annotationType());
    }

    @Test
    void frameworkPropertiesFillWhatIsNotConfigured() {
        HostConfig c = LayeredHostConfig.of(Map.of(), FRAMEWORK::get);
        assertEquals("R5", c.profile());
        assertEquals("/opt/plugins", c.pluginsDir());
        assertEquals(3000, c.restartGraceMillis());
        assertArrayEquals(new String[] {"https://a.example", "https://b.example"}, c.allowedOrigins());
        assertTrue(c.insecure());
        assertEquals(8, c.workerThreads(), "neither configured nor a framework property: the default");
    }

    @Test
    void aConfiguredAttributeWinsInWhateverTypeConfigAdminHoldsIt() {
        HostConfig c = LayeredHostConfig.of(Map.of("profile", "R2", "restartGraceMillis", 500L, "maxRequestBytes",
                "4096", "allowedOrigins", List.of("https://c.example"), "trustedUids", "1000,1001",
                "component.name", "io.ociplane.jsonrpc.internal.http.JsonRpcHost"), FRAMEWORK::get);
        assertEquals("R2", c.profile());
        assertEquals(500, c.restartGraceMillis());
        assertEquals(4096, c.maxRequestBytes());
        assertArrayEquals(new String[] {"https://c.example"}, c.allowedOrigins());
        assertArrayEquals(new String[] {"1000", "1001"}, c.trustedUids());
        assertEquals("/opt/plugins", c.pluginsDir(), "not configured: the framework property");
    }

    @Test
    void theControllersAttributesAreLayeredLikeTheOthers() {
        HostConfig defaults = LayeredHostConfig.of(Map.of(), name -> null);
        assertEquals("var/persistent", defaults.persistentPath());
        assertFalse(defaults.allowReboot());
        assertEquals("239.255.255.0:1900", defaults.discoveryNode());
        assertEquals(1, defaults.discoveryTtl());
        assertArrayEquals(new String[0], defaults.externalSubsystems());

        HostConfig c = LayeredHostConfig.of(Map.of("discoveryTtl", 4, "externalSubsystems", new String[] {"Network"}),
                Map.of("io.ociplane.jsonrpc.persistentPath", "/data/thunder", "io.ociplane.jsonrpc.allowReboot", "true",
                        "io.ociplane.jsonrpc.discoveryTtl", "2",
                        "io.ociplane.jsonrpc.externalSubsystems", "Platform, Graphics")::get);
        assertEquals("/data/thunder", c.persistentPath());
        assertTrue(c.allowReboot());
        assertEquals(4, c.discoveryTtl(), "configured wins over the framework property");
        assertArrayEquals(new String[] {"Network"}, c.externalSubsystems());
    }

    @Test
    void aNumberThatIsNotOneIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayeredHostConfig.of(Map.of(), Map.of("io.ociplane.jsonrpc.workerThreads", "many")::get));
        assertEquals("workerThreads must be a number: 'many'", e.getMessage());
    }

    @Test
    void listsAreCopiesSoACallerCannotChangeTheConfiguration() {
        HostConfig c = LayeredHostConfig.of(Map.of(), FRAMEWORK::get);
        c.allowedOrigins()[0] = "https://evil.example";
        assertEquals("https://a.example", c.allowedOrigins()[0]);
    }
}
