package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A dump of iproute2 that another process's link changes interrupted is asked again (docs/networking.md): on the
 * shared test machine such a dump made the first nat start fail with "unreadable output of ip". The real {@code ip}
 * runs behind a wrapper that says its first address dump was interrupted, as iproute2 does on stderr.
 */
class InterruptedDumpTest {

    @TempDir
    Path tmp;
    @AutoClose("shutdownNow")
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @Test
    void anInterruptedAddressDumpIsAskedAgain() throws Exception {
        assumeTrue(Preflight.effectiveUid(Path.of("/proc/self/status")) == 0, "a bridge needs root");
        assumeTrue(TestNetworks.natToolsPresent(), "nat needs ip, nft, nsenter");
        NetTools real = NetTools.find(System.getenv("PATH"));
        Path ip = Files.writeString(tmp.resolve("ip"), """
                #!/bin/sh
                echo "$*" >> '%1$s/calls'
                if [ "$*" = "-json -4 address show" ] && [ ! -e '%1$s/interrupted' ]; then
                    : > '%1$s/interrupted'
                    echo 'Dump was interrupted and may be inconsistent.' >&2
                fi
                exec '%2$s' "$@"
                """.formatted(tmp, real.ip()));
        Files.setPosixFilePermissions(ip, PosixFilePermissions.fromString("rwx------"));
        NatPlan plan = TestNetworks.freshPlan("oid");
        NatNetwork nat = new NatNetwork(plan, new NetTools(ip, real.nft(), real.nsenter(), real.shell()),
                tmp.resolve("state"), new CommandRunner(timer, Duration.ofSeconds(10)), new ObjectMapper(),
                Path.of("/proc"), Path.of("/sys"));
        String address;
        List<String> removed;
        try {
            address = nat.lease();
        } finally {
            removed = TestNetworks.remove(plan);
        }
        assertEquals(plan.address(NatPlan.FIRST_HOST), address);
        assertEquals(2, Files.readAllLines(tmp.resolve("calls")).stream().filter("-json -4 address show"::equals)
                .count(), "the interrupted dump and the one after it");
        assertEquals(List.of(plan.bridge(), "table " + plan.table()), removed, "what the lease set up");
    }
}
