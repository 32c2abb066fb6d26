package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

class SettingsTest {

    @TempDir
    Path tmp;

    /** The configuration with its defaults, and the given runtime and spec init. */
    private static RuncProviderConfig config(String runtime, String init) {
        return config(Map.of("runtime", runtime, "specInit", init));
    }

    private static RuncProviderConfig config(String runtime, String init, String stateDir, String cgroupParent,
            String natBridge, String natAddressRange) {
        return config(Map.of("runtime", runtime, "specInit", init, "stateDir", stateDir, "cgroupParent",
                cgroupParent, "natBridge", natBridge, "natAddressRange", natAddressRange));
    }

    /** These attributes and the defaults for the others, as DS makes the configuration. */
    static RuncProviderConfig config(Map<String, Object> attributes) {
        return Converters.standardConverter().convert(attributes).to(RuncProviderConfig.class);
    }

    @Test
    void findsTheRuntimeOnPath() {
        RuntimeSetup s = RuntimeSetup.of(config("runc", "no-such-init"), "/nonexistent:/usr/sbin:/usr/bin");
        assertEquals(Path.of("/usr/sbin/runc"), s.runtime());
        assertEquals("runc", s.runtimeName());
        assertNull(s.specInit(), "a missing init is optional");
        assertEquals(Path.of("/run/ociplane/runc/runc"), s.runtimeRoot());
        assertEquals(Duration.ofMillis(500), s.stopGrace());
        assertEquals(new io.ociplane.oci.api.AnnotationLimits(64, 256, 4096), s.annotationLimits());
    }

    @Test
    void theDefaultsKeepOneCgroupParentAndDobbysAddressPlan() {
        RuntimeSetup s = RuntimeSetup.of(config("runc", ""), "/usr/sbin:/usr/bin:/sbin:/bin");
        assertEquals("/ociplane", s.cgroupParent(), "unchanged for the default state directory");
        assertEquals("/ociplane/app", s.cgroupsPath("app"));
        assertEquals("ociplane0", s.nat().bridge());
        assertEquals("100.64.11.0/24", s.nat().cidr());
        assertEquals("100.64.11.1", s.nat().gateway());
        assertEquals("ociplane_ociplane0", s.nat().table());
    }

    @Test
    void eachStateDirectoryHasACgroupParentOfItsOwn() {
        String path = "/usr/sbin:/usr/bin";
        String a = RuntimeSetup.of(config("runc", "", "/run/a", "", "ociplane0", "100.64.11.0"), path)
                .cgroupParent();
        String b = RuntimeSetup.of(config("runc", "", "/run/b", "", "ociplane0", "100.64.11.0"), path)
                .cgroupParent();
        assertTrue(a.matches("/ociplane-[0-9a-f]{8}"), a);
        assertTrue(b.matches("/ociplane-[0-9a-f]{8}"), b);
        assertTrue(!a.equals(b), a + " and " + b);
        assertEquals(a, RuntimeSetup.of(config("runc", "", "/run/a/", "", "ociplane0", "100.64.11.0"), path)
                .cgroupParent(), "the same directory written another way");
        assertEquals("/rdk/ociplane.2", RuntimeSetup.of(config("runc", "", "/run/a", "/rdk/ociplane.2",
                "ociplane0", "100.64.11.0"), path).cgroupParent());
        for (String bad : List.of("relative", "/", "/a/../b", "/a/.hidden", "/a b", "/a//b", "/a/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeSetup.of(
                    config("runc", "", "/run/a", bad, "ociplane0", "100.64.11.0"), path), bad);
            assertTrue(e.getMessage().startsWith("cgroupParent must be"), e.getMessage());
        }
    }

    @Test
    void natAttributesAreChecked() {
        String path = "/usr/sbin:/usr/bin";
        NatPlan p = RuntimeSetup.of(config("runc", "", "/run/a", "", "nat_1", "10.20.30.0"), path).nat();
        assertEquals("10.20.30.1", p.gateway());
        assertEquals("10.20.30.2", p.address(NatPlan.FIRST_HOST));
        assertEquals("10.20.30.254", p.address(NatPlan.LAST_HOST));
        for (String[] bad : new String[][] {{"", "100.64.11.0"}, {"way_too_long_name", "100.64.11.0"},
                {"br-0", "100.64.11.0"}, {"br\"0", "100.64.11.0"}, {"br0", "100.64.11.1"}, {"br0", "100.64.11"},
                {"br0", "127.0.0.0"}, {"br0", "224.1.2.0"}, {"br0", "300.1.2.0"}, {"br0", "0.1.2.0"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeSetup.of(
                    config("runc", "", "/run/a", "", bad[0], bad[1]), path), String.join(" ", bad));
            assertTrue(e.getMessage().startsWith("nat"), e.getMessage());
        }
    }

    @Test
    void aMissingRuntimeIsAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeSetup.of(config("crun", ""), "/nonexistent"));
        assertTrue(e.getMessage().contains("'crun' is not an executable file on PATH"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RuntimeSetup.of(config("../runc", ""), "/usr/sbin"));
        assertThrows(IllegalArgumentException.class, () -> RuntimeSetup.of(config("/etc/passwd", ""), ""));
    }

    @Test
    void preflightNamesWhatIsWrong() throws Exception {
        RuntimeSetup failing = RuntimeSetup.of(config(Map.of("runtime", "/bin/false", "stateDir", tmp.toString(),
                "workspaceDir", tmp.toString(), "specInit", "", "startTimeoutMillis", 1000, "commandTimeoutMillis",
                5000)), null);
        StringBuilder version = new StringBuilder();
        String problem = Preflight.problem(failing, version).orElseThrow();
        assertTrue(problem.contains("--version' failed") || problem.contains("needs root"), problem);

        Path status = Files.writeString(tmp.resolve("status"), "Name:\tjava\nUid:\t1000\t1001\t1000\t1000\n");
        assertEquals(1001, Preflight.effectiveUid(status));
        assertEquals(-1, Preflight.effectiveUid(tmp.resolve("missing")));
    }
}
