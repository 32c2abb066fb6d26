package io.ociplane.oci.crun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.ociplane.oci.api.ContainerException;

/**
 * Opens a {@link RuncRuntime} on given directories for oci-dobby's tests, as oci-crun's own tests do: its
 * constructor and settings are package-private (in the framework only its component opens it), so this test-only
 * class sits in the same package. That works on the plain test class path (one class loader), not in OSGi.
 */
public final class RuncTestAccess {

    /** The runtime binary, the init of spec containers (optional) and setsid, where Debian puts them. */
    public static final Path RUNC = Path.of("/usr/sbin/runc");
    public static final Path TINI = Path.of("/usr/bin/tini-static");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private RuncTestAccess() {
    }

    /** Whether the spec containers get an init (tini-static) that turns SIGTERM into status 15. */
    public static boolean hasSpecInit() {
        return Files.isExecutable(TINI);
    }

    /**
     * A provider on {@code stateDir} (runc's root is {@code stateDir/runc}) and {@code workspaceDir}; a graceful
     * stop escalates to SIGKILL after {@code stopGrace}.
     */
    public static RuncRuntime open(Path stateDir, Path workspaceDir, Duration stopGrace)
            throws IOException, ContainerException {
        RuntimeSettings settings = new RuntimeSettings(RUNC, stateDir, workspaceDir, stopGrace,
                Duration.ofSeconds(10), Duration.ofSeconds(10), hasSpecInit() ? TINI : null,
                Files.isExecutable(SETSID) ? SETSID : null);
        return new RuncRuntime(settings);
    }
}
