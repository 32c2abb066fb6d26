package io.ociplane.oci.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one wording of each shared failure, and that the host path rules use it for a missing bundle. */
class FailuresTest {

    @TempDir
    Path tmp;

    @Test
    void eachFailureHasOneWordingAndItsReason() {
        assertFailure(ContainerException.Reason.INVALID_ARGUMENT, "a container with id 'web' exists",
                Failures.duplicateId("web"));
        assertFailure(ContainerException.Reason.NOT_FOUND, "no container 'web'", Failures.notFound("web"));
        assertFailure(ContainerException.Reason.INVALID_STATE, "container 'web' is paused, not running",
                Failures.wrongState("web", ContainerState.PAUSED, ContainerState.RUNNING));
        assertFailure(ContainerException.Reason.INVALID_STATE, "container 'web' is running, not paused",
                Failures.wrongState("web", ContainerState.RUNNING, ContainerState.PAUSED));
        assertFailure(ContainerException.Reason.INVALID_STATE,
                "container 'web' is paused: only a forced stop ends a paused container", Failures.pausedStop("web"));
        assertFailure(ContainerException.Reason.NOT_FOUND, "no annotation 'k'", Failures.noAnnotation("k"));
        assertFailure(ContainerException.Reason.INVALID_ARGUMENT, "bundlePath '/b' does not exist",
                Failures.missingPath(Failures.BUNDLE_PATH, "/b"));
    }

    @Test
    void theHostPathRulesReportAMissingBundleInTheseWords() throws IOException {
        String missing = tmp.resolve("missing").toString();
        ContainerException e = assertThrows(ContainerException.class,
                () -> HostPaths.safeDirectory(Failures.BUNDLE_PATH, missing));
        assertFailure(ContainerException.Reason.INVALID_ARGUMENT, Failures.missingPath(Failures.BUNDLE_PATH,
                missing).getMessage(), e);
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        Path config = empty.toRealPath().resolve("config.json");
        e = assertThrows(ContainerException.class,
                () -> HostPaths.readRootFile(Failures.BUNDLE_CONFIG, config, 1024));
        assertFailure(ContainerException.Reason.INVALID_ARGUMENT, Failures.missingPath(Failures.BUNDLE_CONFIG,
                config.toString()).getMessage(), e);
    }

    private static void assertFailure(ContainerException.Reason reason, String message, ContainerException e) {
        assertEquals(reason, e.reason());
        assertEquals(message, e.getMessage());
    }
}
