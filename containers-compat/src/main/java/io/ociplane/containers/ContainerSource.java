package io.ociplane.containers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerIds;
import io.ociplane.oci.api.HostPaths;

/**
 * Where a named container comes from, found as Thunder's container administrator looks: for each configured
 * path P, an OCI bundle when {@code P/<name>/Container/config.json} exists, else a Dobby spec when
 * {@code P/<name>/spec.json} exists; the first hit wins.
 *
 * @param bundleDir the bundle directory, or {@code null} for a spec
 * @param specFile the spec file, or {@code null} for a bundle
 */
record ContainerSource(Path bundleDir, Path specFile) {

    private static final int MAX_SPEC_BYTES = 1 << 20;

    /** The paths to search; a relative one is taken from the runtime's working directory (run/start: the checkout). */
    static List<Path> searchPaths(String[] configured) {
        List<Path> paths = new ArrayList<>();
        for (String p : configured) {
            if (p != null && !p.isBlank()) {
                paths.add(Path.of(p).toAbsolutePath().normalize());
            }
        }
        return paths;
    }

    /**
     * Finds a container by name. The name is checked against the container id rules first, so that nothing
     * outside the configured directories can be named ({@code ..}, {@code /}, absolute paths, over-long names).
     *
     * @return the source, or {@code null} when the name is malformed or found nowhere
     */
    static ContainerSource find(List<Path> paths, String name) {
        if (!ContainerIds.isValidId(name)) {
            return null;
        }
        for (Path p : paths) {
            Path dir = p.resolve(name);
            if (Files.isRegularFile(dir.resolve("Container").resolve("config.json"))) {
                return new ContainerSource(dir.resolve("Container"), null);
            }
            if (Files.isRegularFile(dir.resolve("spec.json"))) {
                return new ContainerSource(null, dir.resolve("spec.json"));
            }
        }
        return null;
    }

    /**
     * The spec's text, read by the host path rules (docs/spec-safety.md): a spec decides what runs, so it must
     * be root's, writable by nobody else, not a link, and at most 1 MiB.
     */
    String specText() throws ContainerException {
        return new String(HostPaths.readRootFile("spec.json", specFile, MAX_SPEC_BYTES), StandardCharsets.UTF_8);
    }
}
