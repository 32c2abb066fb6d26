package io.ociplane.oci.dobby.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.Failures;

/** What Dobby reads of a bundle's config: whether it names RDK plugins; and a missing bundle in the shared words. */
class BundleConfigTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path tmp;

    private String bundle(String name, String config) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        if (config != null) {
            Files.writeString(dir.resolve("config.json"), config);
        }
        return dir.toString();
    }

    @Test
    void onlyANonEmptyRdkPluginsObjectCounts() throws Exception {
        String plain = "{\"ociVersion\":\"1.0.0\",\"process\":{\"args\":[\"sleep\",\"60\"]}}";
        BundleConfig read = BundleConfig.read(mapper, bundle("plain", plain));
        assertFalse(read.hasRdkPlugins());
        assertEquals(plain, read.text(), "the file as it was read");
        assertEquals("sleep", read.json().path("process").path("args").path(0).asText(), "and parsed");
        assertTrue(BundleConfig.read(mapper, bundle("logging",
                "{\"ociVersion\":\"1.0.2-dobby\",\"rdkPlugins\":{\"logging\":{\"required\":true}}}")).hasRdkPlugins());
        assertFalse(BundleConfig.read(mapper, bundle("empty", "{\"ociVersion\":\"1.0.2\",\"rdkPlugins\":{}}"))
                .hasRdkPlugins(), "Dobby counts the plugins: none is no plugin manager");
        assertFalse(BundleConfig.read(mapper, bundle("odd", "{\"ociVersion\":\"1.0.2\",\"rdkPlugins\":[1]}"))
                .hasRdkPlugins());
    }

    @Test
    void aMissingOrBrokenBundleIsRefusedWithoutQuotingIt() throws Exception {
        String missing = tmp.resolve("missing").toString();
        assertRefused(Failures.missingPath(Failures.BUNDLE_PATH, missing).getMessage(), missing);
        assertTrue(BundleConfig.isMissing(missing));
        String noConfig = bundle("noconfig", null);
        assertRefused(Failures.missingPath(Failures.BUNDLE_CONFIG, Path.of(noConfig).toRealPath()
                .resolve("config.json").toString()).getMessage(), noConfig);
        assertTrue(BundleConfig.isMissing(noConfig));
        String broken = bundle("broken", "{\"ociVersion\": secret");
        ContainerException e = assertThrows(ContainerException.class, () -> BundleConfig.read(mapper, broken));
        assertTrue(e.getMessage().startsWith("the bundle's config.json is not valid JSON at line 1 column "),
                e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the file is not quoted");
        assertFalse(BundleConfig.isMissing(broken));
        assertRefused("the bundle's config.json is not a JSON object", bundle("array", "[1]"));
        assertFalse(BundleConfig.isMissing("relative/path"), "not a path at all is not a missing bundle");
    }

    private void assertRefused(String message, String bundlePath) {
        ContainerException e = assertThrows(ContainerException.class, () -> BundleConfig.read(mapper, bundlePath));
        assertEquals(ContainerException.Reason.INVALID_ARGUMENT, e.reason());
        assertEquals(message, e.getMessage());
    }
}
