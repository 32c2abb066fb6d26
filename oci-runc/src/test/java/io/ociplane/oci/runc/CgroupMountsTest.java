package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CgroupMountsTest {

    private static final List<String> MOUNTINFO = List.of(
            "30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw",
            "31 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:11 - cgroup cgroup rw,cpu,cpuacct",
            "32 25 0:28 /docker/abc /sys/fs/cgroup/memory rw,nosuid shared:12 - cgroup cgroup rw,memory",
            "33 25 0:29 / /mnt/with\\040space rw - cgroup cgroup rw,pids",
            "34 25 8:1 / / rw - ext4 /dev/sda1 rw");

    private static final List<String> PID_CGROUPS = List.of("4:pids:/ociplane/x", "3:memory:/docker/abc/ociplane/x",
            "2:cpu,cpuacct:/ociplane/x", "0::/ociplane/x");

    @Test
    void findsEachControllersDirectory() {
        CgroupMounts m = new CgroupMounts(MOUNTINFO);
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/cpu,cpuacct/ociplane/x")), m.v1Dir(PID_CGROUPS, "cpuacct"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/memory/ociplane/x")), m.v1Dir(PID_CGROUPS, "memory"),
                "the mount's own root is not repeated");
        assertEquals(Optional.of(Path.of("/mnt/with space/ociplane/x")), m.v1Dir(PID_CGROUPS, "pids"));
        assertEquals(Optional.empty(), m.v1Dir(PID_CGROUPS, "freezer"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified/ociplane/x")), m.unifiedDir(PID_CGROUPS));
        assertEquals(Optional.empty(), new CgroupMounts(List.of()).unifiedDir(PID_CGROUPS));
    }
}
