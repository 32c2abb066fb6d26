package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.testing.DobbySpecs;

/** Containers from legacy Dobby specs, run on a rootfs of the host's system directories. */
class SpecContainerTest extends RealContainerTestBase {

    /** rdkservices' sleepy.json, with the console in the test's directory. */
    private ObjectNode sleepy(String... args) throws Exception {
        return TestSpecs.sleepy(tmp.resolve("console.log"), args);
    }

    private ContainerRef start(String id, ObjectNode spec) throws ContainerException {
        return runtime.startFromSpec(new SpecStart(id, spec.toString(), null, null, List.of()));
    }

    @Test
    void startsLikeDobbyAndStopsGracefullyWith15() throws Exception {
        assumeTrue(settings().specInit() != null, "needs tini-static (Debian package tini)");
        String id = newId("sleepy");
        start(id, sleepy("sh", "-c",
                "echo $TEST_VAR $HOME; id -u; cat /etc/passwd; touch /x 2>&- || echo read-only; exec sleep 60"));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        Path console = tmp.resolve("console.log");
        // all on stdout: runc copies stdout and stderr through two pipes, which would mix their order
        await("the app's output", Duration.ofSeconds(5), () -> read(console).contains("read-only\n"));
        assertEquals("12345 /home/private\n0\nroot::0:0:root:/:/bin/false\nread-only\n", read(console));

        ContainerInfo info = runtime.info(id);
        assertEquals(41943040L, info.memory().limit());
        assertEquals(2, info.pids().size(), info.processes().toString());
        ContainerInfo.ProcessInfo pid1 = info.processes().stream().filter(p -> p.nsPid() == 1).findFirst()
                .orElseThrow();
        assertEquals(SpecBundleWriter.INIT_PATH, pid1.cmdline().split(" ")[0]);
        long init = pid1.pid();
        assertEquals("1000", uidOf(init), "container root is the spec's user");
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/net")), "private network namespace");

        runtime.exec(id, "", "cat /etc/group");
        await("the exec'd output", Duration.ofSeconds(5), () -> read(console).contains("root:x:0:"));

        long t0 = System.nanoTime();
        runtime.stop(id, false);
        assertEquals(15, awaitEvent(ContainerEvent.Type.STOPPED, id).exitStatus(), "TERM through the init");
        assertTrue(System.nanoTime() - t0 < Duration.ofMillis(500).toNanos(), "escalated to KILL");
        assertNoLeftovers();
    }

    @Test
    void consoleIsLimitedAndOpenSharesTheHostNetwork() throws Exception {
        String id = newId("chatty");
        ObjectNode spec = sleepy("sh", "-c", "yes hello | head -c 100000; exec sleep 60");
        spec.withObjectProperty("console").put("limit", 1000);
        spec.put("network", "open");
        spec.put("userNs", false);
        spec.put("swapLimit", 83886080);
        spec.putObject("cpu").put("shares", 50).put("cores", "0");
        start(id, spec);
        awaitEvent(ContainerEvent.Type.STARTED, id);
        Path console = tmp.resolve("console.log");
        await("the console cut to its limit", Duration.ofSeconds(5), () -> size(console) == 1000
                && processCount(id) == 2 && read(console).startsWith("hello\n"));
        long init = runtime.info(id).pids().get(0);
        assertEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                Files.readSymbolicLink(Path.of("/proc/" + init + "/ns/net")), "open: the host's network");
        assertEquals("1000", uidOf(runtime.info(id).pids().get(1)), "the spec's user without a user namespace");
        Path cgroup = Path.of("/sys/fs/cgroup/cpu" + settings().cgroupsPath(id));
        if (Files.isDirectory(cgroup)) { // cgroup v1, as here: the limits the spec asked for
            assertEquals("512", Files.readString(cgroup.resolve("cpu.shares")).trim());
            assertEquals("83886080", Files.readString(Path.of("/sys/fs/cgroup/memory" + settings().cgroupsPath(id),
                    "memory.memsw.limit_in_bytes")).trim());
        }
        runtime.stop(id, true);
        assertEquals(9, awaitEvent(ContainerEvent.Type.STOPPED, id).exitStatus());
        assertNoLeftovers();
    }

    @Test
    void restartOnCrashRespawnsWithTheSameDescriptor() throws Exception {
        String id = newId("crashy");
        Path data = tmp.resolve("data");
        ContainerRef c = start(id, DobbySpecs.crashingOnce(sleepy(), data));
        assertEquals(c, awaitEvent(ContainerEvent.Type.STARTED, id).container());
        assertEquals(c, awaitEvent(ContainerEvent.Type.STARTED, id).container(), "respawned, no STOPPED between");
        assertTrue(Files.exists(data.resolve("ran")));
        runtime.stop(id, true);
        assertEquals(9, awaitEvent(ContainerEvent.Type.STOPPED, id).exitStatus(), "an explicit stop is not a crash");
        assertNoLeftovers();
    }

    @Test
    void fieldsThatCannotBeHonouredAreRefusedWithoutLeftovers() throws Exception {
        ObjectNode gpu = sleepy("true");
        gpu.putObject("gpu").put("enable", true);
        ObjectNode loop = sleepy("true");
        loop.withArrayProperty("mounts").addObject().put("source", "/x.img").put("destination", "/x")
                .put("type", "loop")
                .put("fstype", "ext4");
        ObjectNode plugins = sleepy("true");
        plugins.putObject("rdkPlugins").putObject("logging");
        for (ObjectNode spec : List.of(gpu, loop, plugins)) {
            ContainerException e = assertThrows(ContainerException.class, () -> start(newId("refused"), spec));
            assertEquals(ContainerException.Reason.UNSUPPORTED, e.reason(), e.getMessage());
        }
        assertNoLeftovers();
        String id = newId("after");
        assertEquals(734, start(id, sleepy("true")).descriptor(), "refused specs consume no descriptor");
        awaitEvent(ContainerEvent.Type.STARTED, id);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertNoLeftovers();
    }

    private int processCount(String id) {
        try {
            return runtime.info(id).pids().size();
        } catch (ContainerException e) {
            return -1;
        }
    }

    private static String uidOf(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return line.substring(4).trim().split("\\s+")[0];
            }
        }
        return "?";
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
