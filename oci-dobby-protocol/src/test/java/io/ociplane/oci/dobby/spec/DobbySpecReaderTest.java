package io.ociplane.oci.dobby.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.dobby.spec.DobbySpec.DaemonFeature;

/** Dobby's rules for a spec (docs/dobby-dbus.md#dobby-spec); what the runc provider cannot honour is its own test's. */
class DobbySpecReaderTest {

    /** rdkservices' helloworld.json. */
    private static final String HELLO = """
            {"version":"1.0","cwd":"/","args":["echo","Hello World"],"env":[],"user":{"uid":1000,"gid":1000},
             "console":{"limit":65536,"path":"/tmp/echo.log"},
             "etc":{"group":["root:x:0:"],"passwd":["root::0:0:root:/:/bin/false"]},
             "memLimit":41943040,"network":"nat","mounts":[]}""";

    private final DobbySpecReader reader = new DobbySpecReader(new ObjectMapper());

    private DobbySpec parse(String spec) throws ContainerException {
        return reader.read(spec);
    }

    private String with(String member) {
        return HELLO.substring(0, HELLO.lastIndexOf('}')) + "," + member + "}";
    }

    private static String mounts(String mount) {
        return HELLO.replace("\"mounts\":[]", "\"mounts\":[" + mount + "]");
    }

    private String seccomp(String defaultAction, String names, String action) {
        return with("\"seccomp\":{\"defaultAction\":\"" + defaultAction + "\",\"syscalls\":{\"names\":" + names
                + ",\"action\":\"" + action + "\"}}");
    }

    @Test
    void readsTheSeedSpec() throws ContainerException {
        DobbySpec s = parse(HELLO);
        assertEquals(List.of("echo", "Hello World"), s.args());
        assertEquals(1000, s.uid());
        assertEquals(41943040L, s.memLimit());
        assertEquals("/tmp/echo.log", s.consolePath());
        assertEquals(65536, s.consoleLimit());
        assertEquals(Map.of("group", List.of("root:x:0:"), "passwd", List.of("root::0:0:root:/:/bin/false")), s.etc());
        assertEquals(DobbySpec.Network.NAT, s.network());
        assertEquals(DobbySpec.Network.OPEN, parse(HELLO.replace("\"nat\"", "\"open\"")).network());
        assertEquals(DobbySpec.Network.PRIVATE, parse(HELLO.replace("\"nat\"", "\"private\"")).network());
        assertTrue(s.userNs(), "absent userNs means enabled");
        assertNull(s.swapLimit());
        assertNull(s.capabilities());
        assertFalse(s.restartOnCrash());
    }

    @Test
    void readsTheOptionalFields() throws ContainerException {
        DobbySpec s = parse(with("""
                "swapLimit":50000000,"restartOnCrash":true,"userNs":false,"cpu":{"shares":50,"cores":"0-1,3"},
                "capabilities":["CAP_NET_RAW"],"rtPriority":7,"syslog":null,"gpu":{"enable":false},
                "etc":{"ld-preload":["/lib/x.so"],"hosts":["127.0.0.1 me"],"other":["ignored"]},
                "seccomp":{"defaultAction":"SCMP_ACT_ALLOW","syscalls":{"names":["reboot"],"action":"SCMP_ACT_ERRNO"}},
                "mounts":[{"source":"tmpfs","destination":"/data","type":"tmpfs","options":["size=1m"]}],
                "network":null,"unknownKey":1"""));
        assertEquals(50000000L, s.swapLimit());
        assertTrue(s.restartOnCrash());
        assertFalse(s.userNs());
        assertEquals(512, s.cpuShares());
        assertEquals("0-1,3", s.cpuCores());
        assertEquals(List.of("CAP_NET_RAW"), s.capabilities());
        assertEquals(7, s.rtPriorityLimit());
        assertEquals(List.of("/lib/x.so"), s.etc().get("ld.so.preload"));
        assertFalse(s.etc().containsKey("other"));
        assertEquals("SCMP_ACT_ALLOW", s.seccomp().get("defaultAction").asText());
        assertEquals("reboot", s.seccomp().get("syscalls").get(0).get("names").get(0).asText());
        assertEquals(List.of(new DobbySpec.Mount("tmpfs", "/data", "tmpfs", List.of("size=1m"))), s.mounts());
        assertEquals(DobbySpec.Network.PRIVATE, s.network(), "null network is a private namespace");
        assertEquals(5, parse(HELLO.replace("\"1.0\"", "\"1.1\"").replace("\"mounts\":[]",
                "\"mounts\":[],\"rtPriority\":{\"default\":0,\"limit\":5}")).rtPriorityLimit());
    }

    @Test
    void recordsWhatOnlyTheDaemonProvides() throws ContainerException {
        assertEquals(Set.of(), parse(with("\"gpu\":{\"enable\":false},\"dbus\":{},\"plugins\":[]")).daemonFeatures());
        assertEquals(Set.of(DaemonFeature.GPU, DaemonFeature.DBUS, DaemonFeature.PLUGINS), parse(with(
                "\"gpu\":{\"enable\":true},\"dbus\":{\"system\":\"system\"},\"rdkPlugins\":{\"logging\":{}}"))
                .daemonFeatures());
    }

    @Test
    void refusesMalformedFields() {
        for (String bad : List.of("{", "[1]", "{}", HELLO.replace("\"1.0\"", "\"2.0\""),
                HELLO.replace("[\"echo\",\"Hello World\"]", "[]"), HELLO.replace("\"uid\":1000", "\"uid\":0"),
                HELLO.replace("41943040", "4294967296"), with("\"swapLimit\":1"), with("\"network\":\"bridge\""),
                with("\"cwd\":\"rel\""), with("\"env\":[\"NOEQ\"]"), with("\"env\":\"A=B\""), with("\"etc\":[]"),
                with("\"cpu\":{\"shares\":0}"), with("\"cpu\":{\"cores\":\"0-8\"}"), with("\"cpu\":{\"cores\":\"a\"}"),
                with("\"capabilities\":[\"CAP_SYS_ADMIN\"]"), with("\"restartOnCrash\":\"yes\""),
                with("\"rtPriority\":100"), with("\"console\":\"/tmp/x\""),
                with("\"console\":{\"path\":\"/\"}"), with("\"console\":{\"path\":\"/tmp/../x\"}"),
                with("\"console\":{\"path\":\"/tmp/x\",\"limit\":-2}"),
                mounts("{\"source\":\"/x\",\"destination\":\"rel\",\"type\":\"bind\"}"),
                mounts("{\"source\":\"t\",\"destination\":\"/x\",\"type\":\"tmp fs\"}"),
                mounts("{\"source\":\"t\",\"destination\":\"/x\",\"type\":\"tmpfs\",\"options\":[\"a,b\"]}"),
                seccomp("SCMP_ACT_KILL", "[\"x\"]", "SCMP_ACT_ALLOW"),
                seccomp("SCMP_ACT_ALLOW", "[]", "SCMP_ACT_ERRNO"))) {
            ContainerException e = assertThrows(ContainerException.class, () -> parse(bad), bad);
            assertEquals(Reason.INVALID_ARGUMENT, e.reason(), bad + ": " + e.getMessage());
        }
    }
}
