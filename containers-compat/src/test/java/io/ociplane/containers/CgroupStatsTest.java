package io.ociplane.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupStatsTest {

    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void cgroupV1() throws IOException {
        write("proc/42/cgroup", "9:name=systemd:/c1\n5:memory:/c1\n3:cpu,cpuacct:/c1\n0::/c1\n");
        write("cg/memory/c1/memory.usage_in_bytes", "5000000\n");
        write("cg/memory/c1/memory.stat", "cache 10\nrss 4000000\nmapped_file 12288\n");
        write("cg/cpuacct/c1/cpuacct.usage_percpu", "100 3000000000 \n");
        CgroupStats s = new CgroupStats(root.resolve("proc"), root.resolve("cg"));
        assertEquals(Map.of("allocated", BigInteger.valueOf(5000000), "resident", BigInteger.valueOf(4000000),
                "shared", BigInteger.valueOf(12288)), s.memory(42));
        assertEquals(Map.of("total", BigInteger.valueOf(3000000100L),
                "cores", List.of(BigInteger.valueOf(100), BigInteger.valueOf(3000000000L))), s.cpu(42));
    }

    @Test
    void cgroupV2() throws IOException {
        write("proc/7/cgroup", "0::/system.slice/c2\n");
        write("cg/cgroup.controllers", "cpu memory pids\n");
        write("cg/system.slice/c2/memory.current", "81920\n");
        write("cg/system.slice/c2/memory.stat", "anon 40960\nfile 8192\nfile_mapped 4096\n");
        write("cg/system.slice/c2/cpu.stat", "usage_usec 1500\nuser_usec 1000\n");
        CgroupStats s = new CgroupStats(root.resolve("proc"), root.resolve("cg"));
        assertEquals(Map.of("allocated", BigInteger.valueOf(81920), "resident", BigInteger.valueOf(40960),
                "shared", BigInteger.valueOf(4096)), s.memory(7));
        assertEquals(Map.of("total", BigInteger.valueOf(1500000)), s.cpu(7));
    }

    @Test
    void unreadableValuesAreUint64Max() throws IOException {
        write("proc/8/cgroup", "5:memory:/gone\n3:cpuacct:/gone\n");
        Files.createDirectories(root.resolve("cg/memory"));
        Files.createDirectories(root.resolve("cg/cpuacct"));
        CgroupStats s = new CgroupStats(root.resolve("proc"), root.resolve("cg"));
        assertEquals(Map.of("allocated", CgroupStats.UNREADABLE, "resident", CgroupStats.UNREADABLE,
                "shared", CgroupStats.UNREADABLE), s.memory(8));
        assertEquals(Map.of("total", BigInteger.ZERO), s.cpu(8));
    }

    @Test
    void aCgroupPathCannotLeaveTheMount() throws IOException {
        write("proc/9/cgroup", "5:memory:/../../etc\n");
        write("cg/memory/x", "");
        write("etc/memory.usage_in_bytes", "1\n");
        CgroupStats s = new CgroupStats(root.resolve("proc"), root.resolve("cg"));
        assertEquals(CgroupStats.UNREADABLE, s.memory(9).get("allocated"));
    }
}
