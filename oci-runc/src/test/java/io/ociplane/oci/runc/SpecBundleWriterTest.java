package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.dobby.spec.CpuSet;
import io.ociplane.oci.dobby.spec.DobbySpec;

/** The OCI bundle made from a Dobby spec, checked without running it. */
class SpecBundleWriterTest {

    @TempDir
    Path tmp;
    Path host;
    Path workspace;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void fakeHost() throws Exception {
        host = tmp.resolve("host");
        for (String dir : List.of("lib", "bin", "sbin", "usr", "etc")) { // no lib64 on this host
            Files.createDirectories(host.resolve(dir));
        }
        Files.writeString(host.resolve("etc/resolv.conf"), "nameserver 10.0.0.1\n");
        Files.createFile(host.resolve("init"));
        workspace = Files.createDirectory(tmp.resolve("ws"));
    }

    private JsonNode write(String spec, List<String> args, List<String> env, Path init) throws Exception {
        DobbySpec s = new DobbySpecParser(mapper, CpuSet.parse("0-1")).parse(spec);
        new SpecBundleWriter(mapper, init, host, "/ociplane").write(s, args, env, null, "c1", workspace,
                (config, ws) -> config.putObject("hooks").put("marker", ws.toString()));
        return mapper.readTree(workspace.resolve("config.json").toFile());
    }

    @Test
    void privateUserNamespacedContainerUnderTheInit() throws Exception {
        assumeTrue(Preflight.effectiveUid(Path.of("/proc/self/status")) == 0, "chown needs root");
        JsonNode c = write("""
                {"version":"1.0","args":["sleep","60"],"user":{"uid":1000,"gid":1001},"memLimit":41943040,
                 "swapLimit":83886080,"env":["A=1"],"cwd":"/home","cpu":{"shares":50,"cores":"1"},
                 "etc":{"passwd":["root::0:0:root:/:/bin/false"]},"capabilities":["CAP_NET_RAW"],
                 "mounts":[{"source":"%s","destination":"/data/in","type":"bind","options":["rbind","ro"]}]}"""
                .formatted(host.resolve("etc")), List.of("sleep", "60"), List.of("B=2"), host.resolve("init"));

        assertEquals(List.of("/ociplane-init", "--", "sleep", "60"), texts(c.at("/process/args")));
        assertEquals(0, c.at("/process/user/uid").asInt(), "root of its user namespace");
        assertEquals(List.of("A=1", "B=2", "HOME=/home/private", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"),
                texts(c.at("/process/env")));
        assertEquals("/home", c.at("/process/cwd").asText());
        assertFalse(c.at("/process/noNewPrivileges").asBoolean(), "capabilities given");
        assertTrue(texts(c.at("/process/capabilities/bounding")).contains("CAP_NET_RAW"));
        assertFalse(texts(c.at("/process/capabilities/effective")).contains("CAP_NET_RAW"));
        assertTrue(c.at("/root/readonly").asBoolean());
        assertEquals(workspace.resolve("rootfs").toString(), c.at("/root/path").asText());
        assertEquals(1000, c.at("/linux/uidMappings/0/hostID").asInt());
        assertEquals(1001, c.at("/linux/gidMappings/0/hostID").asInt());
        assertEquals(41943040, c.at("/linux/resources/memory/limit").asLong());
        assertEquals(83886080, c.at("/linux/resources/memory/swap").asLong());
        assertEquals(512, c.at("/linux/resources/cpu/shares").asInt());
        assertEquals("1", c.at("/linux/resources/cpu/cpus").asText());
        assertEquals("/ociplane/c1", c.at("/linux/cgroupsPath").asText());
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network", "user"), types(c.at("/linux/namespaces")));
        assertTrue(c.at("/hooks").isMissingNode(), "the nat edit is for nat only");

        List<String> destinations = new ArrayList<>();
        for (JsonNode m : c.get("mounts")) {
            destinations.add(m.get("destination").asText());
            if (m.get("type").asText().equals("bind") && !m.get("destination").asText().startsWith("/data")) {
                assertTrue(texts(m.get("options")).contains("ro"), m.toString());
            }
        }
        assertEquals(List.of("/tmp", "/dev", "/dev/pts", "/dev/shm", "/sys", "/lib", "/bin", "/sbin", "/usr",
                "/ociplane-init", "/data/in", "/proc"), destinations);
        assertEquals(host.resolve("usr").toString(), c.at("/mounts/8/source").asText());

        Path rootfs = workspace.resolve("rootfs");
        assertEquals("root::0:0:root:/:/bin/false\n", Files.readString(rootfs.resolve("etc/passwd")));
        assertTrue(Files.readString(rootfs.resolve("etc/hosts")).startsWith("127.0.0.1\tlocalhost\n"));
        assertFalse(Files.exists(rootfs.resolve("etc/resolv.conf")), "a private network has no host resolver");
        assertTrue(Files.isDirectory(rootfs.resolve("data/in")), "mount point made for the user namespace");
        assertTrue(Files.isRegularFile(rootfs.resolve("ociplane-init")));
        assertEquals(1000, Files.getAttribute(rootfs.resolve("home/private"), "unix:uid"));
        assertEquals(1001, Files.getAttribute(rootfs.resolve("etc/passwd"), "unix:gid"));
    }

    @Test
    void hostNetworkWithoutUserNamespaceOrInit() throws Exception {
        JsonNode c = write("""
                {"version":"1.1","args":["app"],"user":{"uid":1000,"gid":1000},"memLimit":1000000,
                 "network":"open","userNs":false,"rtPriority":{"default":0,"limit":10},"syslog":false,
                 "seccomp":{"defaultAction":"SCMP_ACT_ALLOW",
                            "syscalls":{"names":["reboot"],"action":"SCMP_ACT_ERRNO"}}}""",
                List.of("app"), List.of(), null);
        assertEquals(List.of("app"), texts(c.at("/process/args")));
        assertEquals(1000, c.at("/process/user/uid").asInt());
        assertTrue(c.at("/process/noNewPrivileges").asBoolean());
        assertEquals(List.of("pid", "ipc", "uts", "mount"), types(c.at("/linux/namespaces")));
        assertTrue(c.at("/linux/uidMappings").isMissingNode());
        assertEquals("RLIMIT_RTPRIO", c.at("/process/rlimits/2/type").asText());
        assertEquals(10, c.at("/process/rlimits/2/hard").asInt());
        assertEquals("SCMP_ACT_ERRNO", c.at("/linux/seccomp/syscalls/0/action").asText());
        for (JsonNode m : c.get("mounts")) {
            assertFalse(m.get("destination").asText().equals("/sys"), "no sysfs without a network namespace");
        }
        assertEquals("nameserver 10.0.0.1\n", Files.readString(workspace.resolve("rootfs/etc/resolv.conf")));
    }

    @Test
    void natHasANamespaceOfItsOwnTheNatEditAndTheHostsResolver() throws Exception {
        JsonNode c = write("""
                {"version":"1.0","args":["app"],"user":{"uid":1000,"gid":1000},"memLimit":1000000,
                 "network":"nat","userNs":false}""", List.of("app"), List.of(), null);
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), types(c.at("/linux/namespaces")));
        assertEquals(workspace.toString(), c.at("/hooks/marker").asText(), "the nat edit applied");
        assertTrue(c.get("mounts").findValuesAsText("destination").contains("/sys"), "sysfs of its own namespace");
        assertEquals("nameserver 10.0.0.1\n", Files.readString(workspace.resolve("rootfs/etc/resolv.conf")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> types(JsonNode namespaces) {
        List<String> out = new ArrayList<>();
        namespaces.forEach(n -> out.add(n.get("type").asText()));
        return out;
    }
}
