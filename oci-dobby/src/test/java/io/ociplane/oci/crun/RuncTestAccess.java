package io.ociplane.oci.crun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.osgi.util.converter.Converters;

import io.ociplane.oci.api.ContainerException;

/**
 * Opens a {@link RuncRuntime} on given directories for oci-dobby's tests, as oci-crun's own tests do: its
 * constructor and setup are package-private (in the framework only its component opens it), so this test-only
 * class sits in the same package. That works on the plain test class path (one class loader), not in OSGi.
 */
public final class RuncTestAccess {

    /** The runtime binary and the init of spec containers (optional), where Debian puts them. */
    public static final Path RUNC = Path.of("/usr/sbin/runc");
    public static final Path TINI = Path.of("/usr/bin/tini-static");

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
        RuncProviderConfig config = Converters.standardConverter().convert(Map.of("runtime", RUNC.toString(),
                "stateDir", stateDir.toString(), "workspaceDir", workspaceDir.toString(), "stopGraceMillis",
                stopGrace.toMillis(), "specInit", hasSpecInit() ? TINI.toString() : ""))
                .to(RuncProviderConfig.class);
        return new RuncRuntime(new RuntimeSetup(config, System.getenv("PATH")));
    }
}
