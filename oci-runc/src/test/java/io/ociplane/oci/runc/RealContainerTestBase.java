package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.testing.BusyboxBundles;
import io.ociplane.testing.RuncProviderDirs;
import io.ociplane.testing.RuncRoot;

/**
 * Real containers with runc, as root, each test with its own temporary state directory and runtime root (so
 * nothing outside it is touched), its own nat bridge and address range, and a provider opened on it. Whatever a
 * test leaves running is force-deleted afterwards, and its bridge, nftables table, veth pairs and cgroup parent
 * removed, even when the test failed.
 */
abstract class RealContainerTestBase {

    static final Duration EVENT_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    Path stateDir;
    Path workspaceDir;
    final BusyboxBundles bundles = new BusyboxBundles();
    final BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
    final List<RuncRuntime> opened = new ArrayList<>();
    final Set<RuntimeSetup> used = new LinkedHashSet<>();
    final NatPlan natPlan = TestNetworks.freshPlan("oct");
    RuncRuntime runtime;

    @BeforeEach
    void openProvider() throws Exception {
        assumeTrue(Preflight.effectiveUid(Path.of("/proc/self/status")) == 0, "real containers need root");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x")); // for mapped uids
        stateDir = tmp.resolve("state");
        workspaceDir = tmp.resolve("workspaces");
        runtime = open();
    }

    /** A provider on this test's directories (a second one plays a restarted provider). */
    RuncRuntime open() throws Exception {
        return open(settings());
    }

    /** A provider with other settings (another runtime on the same host), cleaned up as the first. */
    RuncRuntime open(RuntimeSetup s) throws Exception {
        used.add(s);
        RuncRuntime r = new RuncRuntime(s);
        r.subscribe(events::add);
        opened.add(r);
        return r;
    }

    RuntimeSetup settings() {
        return settings(stateDir, workspaceDir, natPlan);
    }

    /** Settings on other directories, with the derived cgroup parent and a nat plan of their own. */
    static RuntimeSetup settings(Path stateDir, Path workspaceDir) {
        return settings(stateDir, workspaceDir, TestNetworks.freshPlan("oct"));
    }

    static RuntimeSetup settings(Path stateDir, Path workspaceDir, NatPlan nat) {
        return RuntimeSetup.of(config(stateDir, workspaceDir, nat, Map.of()), System.getenv("PATH"));
    }

    /**
     * The configuration of a provider on these directories and this nat plan, with runc, tini-static when the host
     * has it, these other attributes and the defaults for the rest, made as DS makes it.
     */
    static RuncProviderConfig config(Path stateDir, Path workspaceDir, NatPlan nat, Map<String, Object> other) {
        Path init = Path.of("/usr/bin/tini-static");
        Map<String, Object> attributes = new HashMap<>(Map.of("runtime", "/usr/sbin/runc", "stateDir",
                stateDir.toString(), "workspaceDir", workspaceDir.toString(), "specInit",
                Files.isExecutable(init) ? init.toString() : "", "natBridge", nat.bridge(), "natAddressRange",
                nat.network()));
        attributes.putAll(other);
        return Converters.standardConverter().convert(attributes).to(RuncProviderConfig.class);
    }

    @AfterEach
    void removeContainers() throws Exception {
        opened.forEach(RuncRuntime::close);
        List<String> left = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        for (RuntimeSetup s : used) {
            left.addAll(new RuncRoot(s.stateDir().resolve("runc")).deleteAll());
            leftovers.addAll(TestNetworks.remove(s.nat()));
            TestNetworks.removeCgroupParent(s.cgroupParent());
        }
        assertEquals(List.of(), left, "containers left in the test's runtime roots");
        assertEquals(List.of(), leftovers, "network devices or tables left behind");
    }

    /** A container id unique to this run, so cgroups never meet a leftover of another run. */
    static String newId(String prefix) {
        return prefix + "-" + ThreadLocalRandom.current().nextInt(100000, 1000000);
    }

    /** The next event of container {@code id}, which must be of {@code type}; other containers' are skipped. */
    ContainerEvent awaitEvent(ContainerEvent.Type type, String id) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (true) {
            ContainerEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                return fail("no " + type + " event for " + id + " within " + EVENT_WAIT);
            }
            if (e.id().equals(id)) {
                assertEquals(type, e.type(), "event of " + id + ": " + e);
                return e;
            }
        }
    }

    /** Waits for a condition with a deadline, checking it every 10 ms. */
    static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Nothing of any container is left: runtime state, records, pid files, workspaces. */
    void assertNoLeftovers() throws Exception {
        assertEquals(List.of(), runcIds(), "runc list");
        // a workspace is deleted just after its container's STOPPED is posted: wait (bounded) for that
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!names(workspaceDir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling the condition, bounded above
        }
        assertEquals(List.of(), names(workspaceDir), "workspaces");
        assertEquals(List.of(), names(stateDir.resolve("containers")), "records");
    }

    List<String> runcIds() {
        return new RuncRoot(stateDir.resolve("runc")).ids();
    }

    String runc(String... args) {
        return new RuncRoot(stateDir.resolve("runc")).runc(args);
    }

    private static List<String> names(Path dir) throws IOException {
        return RuncProviderDirs.names(dir);
    }
}
