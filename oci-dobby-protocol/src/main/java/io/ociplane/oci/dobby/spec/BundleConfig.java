package io.ociplane.oci.dobby.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.Failures;
import io.ociplane.oci.api.HostPaths;

/**
 * An OCI bundle's {@code config.json} as Dobby reads it to start the bundle (docs/dobby-dbus.md#bundles), and as
 * every provider reads it: by the host path rules (docs/spec-safety.md: a root-owned file in a stable directory, at
 * most 1 MiB, not quoted in errors), a JSON object, its failures in {@link Failures}' words. Dobby runs the
 * container with RDK plugins only when the config names at least one in {@code rdkPlugins}; without any, the daemon
 * has no plugin manager for it, which its GetInfo, Annotate and RemoveAnnotation do not survive
 * (docs/dobby-dbus.md#defects).
 *
 * @param text the file as it was read
 * @param json the file parsed; a tree of this reading alone, the caller's to change
 */
public record BundleConfig(String text, ObjectNode json) {

    private static final int MAX_CONFIG_BYTES = 1 << 20;

    /**
     * Reads the config of the bundle at {@code bundlePath}.
     *
     * @throws ContainerException INVALID_ARGUMENT when the bundle or its config is missing, breaks the host path
     *             rules or is not a JSON object; a missing one in {@link Failures}' words
     */
    public static BundleConfig read(ObjectMapper mapper, String bundlePath) throws ContainerException {
        return readIn(mapper, HostPaths.safeDirectory(Failures.BUNDLE_PATH, bundlePath));
    }

    /**
     * Reads the config in {@code bundle}, a bundle directory its caller resolved by the host path rules
     * ({@link HostPaths#safeDirectory} with {@link Failures#BUNDLE_PATH}) and goes on using by that real path.
     *
     * @throws ContainerException as {@link #read}
     */
    public static BundleConfig readIn(ObjectMapper mapper, Path bundle) throws ContainerException {
        byte[] bytes = HostPaths.readRootFile(Failures.BUNDLE_CONFIG, bundle.resolve("config.json"),
                MAX_CONFIG_BYTES);
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw invalid(JsonText.notValid(Failures.BUNDLE_CONFIG, e));
        } catch (IOException e) {
            throw invalid(Failures.BUNDLE_CONFIG + " cannot be read: " + e.getClass().getSimpleName());
        }
        if (!(root instanceof ObjectNode config)) {
            throw invalid(Failures.BUNDLE_CONFIG + " is not a JSON object");
        }
        return new BundleConfig(new String(bytes, StandardCharsets.UTF_8), config);
    }

    /** Whether {@code rdkPlugins} is an object with at least one plugin: then Dobby runs it with RDK plugins. */
    public boolean hasRdkPlugins() {
        JsonNode plugins = json.path("rdkPlugins");
        return plugins.isObject() && plugins.size() > 0;
    }

    /** Whether the bundle directory, or the config.json in it, is not there at all (links followed). */
    public static boolean isMissing(String bundlePath) {
        try {
            Path dir = Path.of(ContainerIds.checkAbsolutePath(Failures.BUNDLE_PATH, bundlePath));
            return !Files.isDirectory(dir) || !Files.exists(dir.resolve("config.json"));
        } catch (ContainerException e) {
            return false; // not a path at all: not "missing"
        }
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, message);
    }
}
