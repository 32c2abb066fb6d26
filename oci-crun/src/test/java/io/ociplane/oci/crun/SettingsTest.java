package io.ociplane.oci.crun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path tmp;

    /** The configuration with its defaults, and the given runtime and spec init. */
    private static RuncProviderConfig config(String runtime, String init) {
        return new RuncProviderConfig() {
            @Override public Class<? extends Annotation> annotationType() { return RuncProviderConfig.class; }
            @Override public String runtime() { return runtime; }
            @Override public String stateDir() { return "/run/ociplane/runc"; }
            @Override public String workspaceDir() { return "/run/ociplane/runc/workspaces"; }
            @Override public long stopGraceMillis() { return 500; }
            @Override public long startTimeoutMillis() { return 10_000; }
            @Override public long commandTimeoutMillis() { return 10_000; }
            @Override public String specInit() { return init; }
            @Override public int maxAnnotations() { return 64; }
            @Override public int maxAnnotationKeyBytes() { return 256; }
            @Override public int maxAnnotationValueBytes() { return 4096; }
            @Override public int service_ranking() { return 100; }
        };
    }

    @Test
    void findsTheRuntimeOnPath() {
        RuntimeSettings s = RuntimeSettings.from(config("runc", "no-such-init"), "/nonexistent:/usr/sbin:/usr/bin");
        assertEquals(Path.of("/usr/sbin/runc"), s.runtime());
        assertEquals("runc", s.runtimeName());
        assertNull(s.specInit(), "a missing init is optional");
        assertEquals(Path.of("/run/ociplane/runc/runc"), s.runtimeRoot());
        assertEquals(Duration.ofMillis(500), s.stopGrace());
        assertEquals(new io.ociplane.oci.api.AnnotationLimits(64, 256, 4096), s.annotationLimits());
    }

    @Test
    void aMissingRuntimeIsAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeSettings.from(config("crun", ""), "/nonexistent"));
        assertTrue(e.getMessage().contains("'crun' is not an executable file on PATH"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.from(config("../runc", ""), "/usr/sbin"));
        assertThrows(IllegalArgumentException.class, () -> RuntimeSettings.from(config("/etc/passwd", ""), ""));
    }

    @Test
    void preflightNamesWhatIsWrong() throws Exception {
        RuntimeSettings failing = new RuntimeSettings(Path.of("/bin/false"), tmp, tmp, Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(5), null, null);
        StringBuilder version = new StringBuilder();
        String problem = Preflight.problem(failing, version).orElseThrow();
        assertTrue(problem.contains("--version' failed") || problem.contains("needs root"), problem);

        Path status = Files.writeString(tmp.resolve("status"), "Name:\tjava\nUid:\t1000\t1001\t1000\t1000\n");
        assertEquals(1001, Preflight.effectiveUid(status));
        assertEquals(-1, Preflight.effectiveUid(tmp.resolve("missing")));
    }
}
