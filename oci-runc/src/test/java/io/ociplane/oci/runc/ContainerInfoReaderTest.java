package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.oci.api.ContainerInfo;
import io.ociplane.oci.api.ContainerInfo.MemoryUsage;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.InterfaceAddresses;

/**
 * The figures of a container from its cgroups, v1 and v2, on trees laid out as the kernel does (the cases of the
 * Containers plugin's cgroup reader before it moved here), and the figures and interfaces of a real process.
 */
class ContainerInfoReaderTest {

    @TempDir
    Path root;
    @AutoClose("shutdownNow")
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** A reader whose /proc is {@code root/proc}, with hierarchies mounted as {@code mountinfo} says. */
    private ContainerInfoReader reader(String... mountinfo) throws IOException {
        write("proc/self/mountinfo", String.join("\n", mountinfo).replace("$ROOT", root.toString()) + "\n");
        return reader(root.resolve("proc"));
    }

    private ContainerInfoReader reader(Path proc) {
        return new ContainerInfoReader(new ProcFs(proc), new CommandRunner(timer, Duration.ofSeconds(10)),
                NetTools.find(System.getenv("PATH")), new ObjectMapper());
    }

    private static final String V1_MEMORY = "35 31 0:32 / $ROOT/cg/memory rw - cgroup cgroup rw,memory";
    private static final String V1_CPUACCT = "33 31 0:30 / $ROOT/cg/cpuacct rw - cgroup cgroup rw,cpu,cpuacct";
    private static final String V2 = "41 31 0:38 / $ROOT/cg rw - cgroup2 cgroup2 rw";

    @Test
    void cgroupV1() throws IOException {
        write("proc/42/cgroup", "9:name=systemd:/c1\n5:memory:/c1\n3:cpu,cpuacct:/c1\n0::/c1\n");
        write("cg/memory/c1/memory.usage_in_bytes", "5000000\n");
        write("cg/memory/c1/memory.limit_in_bytes", "9223372036854771712\n");
        write("cg/memory/c1/memory.max_usage_in_bytes", "6000000\n");
        write("cg/memory/c1/memory.failcnt", "0\n");
        write("cg/memory/c1/memory.stat", "cache 10\nrss 4000000\nmapped_file 12288\n");
        write("cg/cpuacct/c1/cpuacct.usage_percpu", "100 3000000000 \n");
        write("cg/cpuacct/c1/cpuacct.usage", "3000000100\n");
        write("cg/cpuacct/c1/cgroup.procs", "42\n");
        ContainerInfo info = reader(V1_MEMORY, V1_CPUACCT).read("c1", ContainerState.RUNNING, 42, Map.of("k", "v"));
        assertEquals(new MemoryUsage(9223372036854771712L, 5000000L, 6000000L, 0L, 4000000L, 12288L), info.memory());
        assertEquals(List.of(100L, 3000000000L), info.cpu().perCpu());
        assertEquals(3000000100L, info.cpu().total());
        assertEquals(List.of(42), info.pids());
        assertEquals(Map.of("k", "v"), info.annotations());
    }

    @Test
    void cgroupV2() throws IOException {
        write("proc/7/cgroup", "0::/system.slice/c2\n");
        write("cg/cgroup.controllers", "cpu memory pids\n");
        write("cg/system.slice/c2/memory.current", "81920\n");
        write("cg/system.slice/c2/memory.max", "max\n");
        write("cg/system.slice/c2/memory.stat", "anon 40960\nfile 8192\nfile_mapped 4096\n");
        write("cg/system.slice/c2/cpu.stat", "usage_usec 1500\nuser_usec 1000\n");
        ContainerInfo info = reader(V2).read("c2", ContainerState.RUNNING, 7, Map.of());
        assertEquals(new MemoryUsage(-1L, 81920L, null, null, 40960L, 4096L), info.memory());
        assertEquals(1500000L, info.cpu().total());
        assertNull(info.cpu().perCpu(), "v2 has no per-core figures");
    }

    @Test
    void whatCannotBeReadIsNull() throws IOException {
        write("proc/8/cgroup", "5:memory:/gone\n3:cpu,cpuacct:/gone\n");
        Files.createDirectories(root.resolve("cg/memory"));
        Files.createDirectories(root.resolve("cg/cpuacct"));
        ContainerInfo info = reader(V1_MEMORY, V1_CPUACCT).read("gone", ContainerState.RUNNING, 8, Map.of());
        assertEquals(MemoryUsage.UNKNOWN, info.memory());
        assertNull(info.cpu().total());
        assertNull(info.cpu().perCpu());
        assertEquals(List.of(), info.pids());
    }

    @Test
    void aCgroupPathCannotLeaveTheMount() throws IOException {
        write("proc/9/cgroup", "5:memory:/../../etc\n");
        write("cg/memory/x", "");
        write("etc/memory.usage_in_bytes", "1\n");
        ContainerInfo info = reader(V1_MEMORY).read("x", ContainerState.RUNNING, 9, Map.of());
        assertNull(info.memory().usage());
    }

    /** The test's own process, as a container's init would be read: real /proc, cgroups and network namespace. */
    @Test
    void theFiguresAndInterfacesOfARealProcess() throws Exception {
        assumeTrue(Preflight.effectiveUid(Path.of("/proc/self/status")) == 0, "nsenter needs root");
        long self = ProcessHandle.current().pid();
        ContainerInfoReader real = reader(Path.of("/proc"));
        ContainerInfo info = real.read("me", ContainerState.RUNNING, self, Map.of());
        assertTrue(info.memory().usage() != null && info.memory().usage() > 0, info.memory().toString());
        assertTrue(info.cpu().total() != null && info.cpu().total() > 0, info.cpu().toString());
        List<InterfaceAddresses> interfaces = real.interfaces(self);
        assertEquals("lo", interfaces.get(0).name(), interfaces.toString());
        assertEquals("127.0.0.1", interfaces.get(0).addresses().get(0), interfaces.toString());
    }
}
