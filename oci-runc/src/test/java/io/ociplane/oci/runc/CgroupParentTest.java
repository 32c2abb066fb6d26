package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerState;

/** Two runtimes on one host (two provider configurations) keep their containers' cgroups apart. */
class CgroupParentTest extends RealContainerTestBase {

    private final ProcFs proc = new ProcFs(Path.of("/proc"));

    @Test
    void twoRuntimesRunTheSameIdInCgroupsOfTheirOwn() throws Exception {
        RuntimeSetup first = settings();
        RuntimeSetup second = settings(tmp.resolve("state2"), tmp.resolve("workspaces2"));
        RuncRuntime other = open(second);
        assertNotEquals(first.cgroupParent(), second.cgroupParent());

        String id = newId("twin");
        runtime.startFromBundle(sleeper(id, "a"));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        other.startFromBundle(sleeper(id, "b"));
        awaitEvent(ContainerEvent.Type.STARTED, id);
        long pid1 = runtime.info(id).pids().get(0);
        long pid2 = other.info(id).pids().get(0);
        assertTrue(inCgroup(pid1, first.cgroupsPath(id)), proc.cgroupLines(pid1).toString());
        assertTrue(inCgroup(pid2, second.cgroupsPath(id)), proc.cgroupLines(pid2).toString());
        List<Path> secondDirs = new CgroupMounts(proc.selfMountInfo()).dirsOf(second.cgroupsPath(id));
        assertFalse(secondDirs.isEmpty());

        runtime.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        assertEquals(ContainerState.RUNNING, other.state(id), "the other runtime's twin lives on");
        assertEquals(1, other.info(id).pids().size());
        assertTrue(secondDirs.stream().allMatch(Files::isDirectory), "with its cgroups");

        other.stop(id, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
        runtime.close();
        other.close();
        assertFalse(TestNetworks.cgroupParentExists(first.cgroupParent()), "an unused parent goes with its provider");
        assertFalse(TestNetworks.cgroupParentExists(second.cgroupParent()));
        assertNoLeftovers();
    }

    private BundleStart sleeper(String id, String dir) throws Exception {
        Path bundle = bundles.bundle(tmp.resolve(dir), "/bin/sleep", "600");
        return new BundleStart(id, bundle.toString(), null, null, List.of(), null, null);
    }

    /** Whether every hierarchy of {@code /proc/<pid>/cgroup} but systemd's puts the process in {@code cgroup}. */
    private boolean inCgroup(long pid, String cgroup) {
        List<String> lines = proc.cgroupLines(pid).stream().filter(l -> !l.contains(":name=systemd:")).toList();
        return !lines.isEmpty() && lines.stream().allMatch(l -> l.endsWith(":" + cgroup));
    }
}
