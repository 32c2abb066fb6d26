package io.ociplane.oci.dobby.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.Failures;
import io.ociplane.oci.api.HostPaths;

/**
 * An OCI bundle's {@code config.json} as Dobby reads it to start the bundle (docs/dobby-dbus.md#bundles): read by
 * the host path rules (docs/spec-safety.md: a root-owned file in a stable directory, at most 1 MiB, not quoted in
 * errors), a JSON object. Dobby runs the container with RDK plugins only when the config names at least one in
 * {@code rdkPlugins}; without any, the daemon has no plugin manager for it, which its GetInfo, Annotate and
 * RemoveAnnotation do not survive (docs/dobby-dbus.md#defects).
 *
 * @param text the file as it was read
 * @param hasRdkPlugins whether {@code rdkPlugins} is an object with at least one plugin
 */
public record BundleConfig(String text, boolean hasRdkPlugins) {

    private static final int MAX_CONFIG_BYTES = 1 << 20;

    /**
     * Reads the config of the bundle at {@code bundlePath}.
     *
     * @throws ContainerException INVALID_ARGUMENT when the bundle or its config is missing, breaks the host path
     *             rules or is not a JSON object; a missing one in {@link Failures}' words
     */
    public static BundleConfig read(ObjectMapper mapper, String bundlePath) throws ContainerException {
        Path dir = HostPaths.safeDirectory(Failures.BUNDLE_PATH, bundlePath);
        byte[] bytes = HostPaths.readRootFile(Failures.BUNDLE_CONFIG, dir.resolve("config.json"), MAX_CONFIG_BYTES);
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation(); // Jackson's message would quote the file
            throw invalid(Failures.BUNDLE_CONFIG + " is not valid JSON" + (at == null || at.getLineNr() < 1 ? ""
                    : " at line " + at.getLineNr() + " column " + at.getColumnNr()));
        } catch (IOException e) {
            throw invalid(Failures.BUNDLE_CONFIG + " cannot be read: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            throw invalid(Failures.BUNDLE_CONFIG + " is not a JSON object");
        }
        JsonNode plugins = root.path("rdkPlugins");
        return new BundleConfig(new String(bytes, StandardCharsets.UTF_8), plugins.isObject() && plugins.size() > 0);
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
