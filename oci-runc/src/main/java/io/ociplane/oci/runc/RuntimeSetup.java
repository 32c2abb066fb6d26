package io.ociplane.oci.runc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import io.ociplane.oci.api.AnnotationLimits;

/**
 * The provider's configuration as the runtime uses it: the attributes of {@link RuncProviderConfig} (defaults there
 * and only there), checked, and what derives from them ({@link #of}).
 *
 * @param config the configuration
 * @param runtime the OCI runtime binary (runc or crun)
 * @param specInit the init bound into Dobby spec containers, or {@code null} for none
 * @param setsid {@code setsid}, to keep runtime processes out of the framework's session (a Ctrl-C in its terminal
 *            must not reach containers), or {@code null} when the machine has none
 * @param stateDir {@code stateDir}, absolute
 * @param workspaceDir {@code workspaceDir}, absolute
 * @param cgroupParent the cgroup under which each container gets {@code <cgroupParent>/<id>}, this provider's own
 * @param nat where {@code nat} containers live (bridge, address range)
 * @param netTools the host tools {@code nat} needs, each {@code null} when missing
 * @param annotationLimits how many annotations a container may have, and how long their keys and values may be
 */
record RuntimeSetup(RuncProviderConfig config, Path runtime, Path specInit, Path setsid, Path stateDir,
        Path workspaceDir, String cgroupParent, NatPlan nat, NetTools netTools, AnnotationLimits annotationLimits) {

    static final String DEFAULT_STATE_DIR = "/run/ociplane/runc";
    static final String DEFAULT_CGROUP_PARENT = "/ociplane";
    private static final Pattern BINARY_NAME = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    private static final Pattern CGROUP_PARENT = Pattern.compile("(/[A-Za-z0-9_][A-Za-z0-9._-]{0,63}){1,8}");

    /**
     * The setup of this configuration, binaries looked up in {@code path}.
     *
     * @param path the {@code PATH} that binaries given by name are looked up in
     * @throws IllegalArgumentException with the reason when an attribute is unusable (e.g. the runtime is not found)
     */
    static RuntimeSetup of(RuncProviderConfig config, String path) {
        Path runtime = findExecutable(config.runtime(), path)
                .orElseThrow(() -> new IllegalArgumentException("the OCI runtime '" + config.runtime()
                        + "' is not an executable file" + (config.runtime().startsWith("/") ? "" : " on PATH")));
        Path stateDir = absoluteDir("stateDir", config.stateDir());
        Path workspaceDir = absoluteDir("workspaceDir", config.workspaceDir());
        positive("stopGraceMillis", config.stopGraceMillis());
        positive("startTimeoutMillis", config.startTimeoutMillis());
        positive("commandTimeoutMillis", config.commandTimeoutMillis());
        return new RuntimeSetup(config, runtime, findExecutable(config.specInit(), path).orElse(null),
                findExecutable("setsid", path).orElse(null), stateDir, workspaceDir,
                cgroupParent(config.cgroupParent(), stateDir), NatPlan.of(config.natBridge(), config.natAddressRange()),
                NetTools.find(path), new AnnotationLimits(config.maxAnnotations(), config.maxAnnotationKeyBytes(),
                        config.maxAnnotationValueBytes())); // a missing spec init is optional: the component warns
    }

    Duration stopGrace() {
        return Duration.ofMillis(config.stopGraceMillis());
    }

    Duration startTimeout() {
        return Duration.ofMillis(config.startTimeoutMillis());
    }

    Duration commandTimeout() {
        return Duration.ofMillis(config.commandTimeoutMillis());
    }

    /** A container's {@code linux.cgroupsPath}. */
    String cgroupsPath(String id) {
        return cgroupParent + "/" + id;
    }

    /** The runtime's {@code --root}: only this provider's containers live there. */
    Path runtimeRoot() {
        return stateDir.resolve("runc");
    }

    /** Container records ({@code <id>.json}) and the runtime's pid files ({@code <id>.pid}). */
    Path recordsDir() {
        return stateDir.resolve("containers");
    }

    /** Which console file was created for which container id ({@link ConsoleFiles}). */
    Path consolesDir() {
        return stateDir.resolve("consoles");
    }

    /** The short name for people and logs: the runtime binary's file name. */
    String runtimeName() {
        return runtime.getFileName().toString();
    }

    /**
     * The configured cgroup parent, or when empty the one derived from the state directory: {@code /ociplane} for
     * the default one (as before there was a choice), {@code /ociplane-<8 hex digits of its SHA-256>} for any other,
     * so that two runtimes on one host never share cgroups.
     */
    static String cgroupParent(String configured, Path stateDir) {
        if (configured == null || configured.isEmpty()) {
            return derivedCgroupParent(stateDir);
        }
        if (!CGROUP_PARENT.matcher(configured).matches()) { // no name starts with '.', so no '..' either
            throw new IllegalArgumentException("cgroupParent must be an absolute cgroup path of up to 8 names of"
                    + " letters, digits, '.', '_' and '-', none starting with '.': '" + configured + "'");
        }
        return configured;
    }

    static String derivedCgroupParent(Path stateDir) {
        if (stateDir.equals(Path.of(DEFAULT_STATE_DIR))) {
            return DEFAULT_CGROUP_PARENT;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(stateDir.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return DEFAULT_CGROUP_PARENT + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** A binary given as an absolute path, or as a plain name looked up in the {@code PATH} directories. */
    static Optional<Path> findExecutable(String nameOrPath, String path) {
        if (nameOrPath == null || nameOrPath.isEmpty()) {
            return Optional.empty();
        }
        if (nameOrPath.startsWith("/")) {
            Path p = Path.of(nameOrPath).normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (!BINARY_NAME.matcher(nameOrPath).matches() || path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.startsWith("/")) {
                Path p = Path.of(dir, nameOrPath);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Path absoluteDir(String what, String dir) {
        if (dir == null || !dir.startsWith("/") || dir.contains("/../") || dir.endsWith("/..")) {
            throw new IllegalArgumentException(what + " must be an absolute path: '" + dir + "'");
        }
        return Path.of(dir).normalize();
    }

    private static void positive(String what, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + millis);
        }
    }
}
