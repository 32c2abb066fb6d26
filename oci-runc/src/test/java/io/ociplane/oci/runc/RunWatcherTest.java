package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRef;

/**
 * {@code runc run} under the status-file watcher (RuncCli.WATCHER_SCRIPT): the status comes from the file, no
 * Java thread waits for a container, and a watcher whose runner file is gone writes nothing.
 */
class RunWatcherTest extends RealContainerTestBase {

    @Test
    void runningContainersTakeNoThreadEach() throws Exception {
        Path bundle = bundles.bundle(tmp.resolve("b"), "/bin/sleep", "60");
        List<ContainerRef> started = new ArrayList<>();
        started.add(runtime.startFromBundle(new BundleStart(newId("t"), bundle.toString(), null, null, List.of(),
                null, null))); // the provider's own threads (timer, event thread, ...) exist from here on
        int before = liveThreads();
        for (int i = 0; i < 10; i++) {
            started.add(runtime.startFromBundle(new BundleStart(newId("t"), bundle.toString(), null, null,
                    List.of(), null, null)));
        }
        // each start's shell ends at once: the JDK's reaper threads for them are reused, a few at most
        int after = liveThreads();
        assertTrue(after - before < 5, "threads " + before + " -> " + after + " for 10 more running containers");
        events.clear(); // their STARTED events, delivered before each start returned
        for (ContainerRef c : started) {
            runtime.stop(c.id(), true);
            assertEquals(9, awaitEvent(ContainerEvent.Type.STOPPED, c.id()).exitStatus(), "status from the file");
        }
        assertNoLeftovers();
    }

    @Test
    void theWatcherWritesTheExitCodeOnlyWhileItsRunnerFileNamesIt() throws Exception {
        assertEquals(7, watch("kept", "exit 7", false), "an exit code");
        assertEquals(137, watch("signalled", "kill -9 $$", false), "128 + the signal");
        assertEquals(-1, watch("forgotten", "sleep 0.3; exit 3", true), "no status once the runner file is gone");
    }

    /** Runs sh -c SCRIPT under the watcher; its status, or -1 when it wrote none. */
    private int watch(String name, String script, boolean removeRunner) throws Exception {
        Path runner = tmp.resolve(name + ".runner");
        Path status = tmp.resolve(name + ".status");
        List<String> cmd = new ArrayList<>(List.of(RuncCli.SHELL, "-c", RuncCli.WATCHER_SCRIPT, "w",
                runner.toString(), status.toString(), "/bin/sh", "-c", script));
        Process shell = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, shell.waitFor(), "the starting shell ends at once");
        await(name + "'s runner file", Duration.ofSeconds(5), () -> pidIn(runner) > 0);
        Optional<ProcessHandle> command = ProcessHandle.of(pidIn(runner));
        Optional<ProcessHandle> watcher = command.flatMap(ProcessHandle::parent);
        if (removeRunner) {
            assertTrue(command.isPresent(), "the command still runs");
            Files.delete(runner);
        }
        if (watcher.isPresent()) { // its last act is writing the status, or not
            watcher.get().onExit().get(5, TimeUnit.SECONDS);
        } else { // the command and its watcher were done before the test looked
            await(name + "'s status", Duration.ofSeconds(5), () -> Files.exists(status));
        }
        assertFalse(Files.exists(tmp.resolve(name + ".status.tmp")), "no half-written status");
        return Files.exists(status) ? Integer.parseInt(Files.readString(status, StandardCharsets.US_ASCII).trim())
                : -1;
    }

    private static long pidIn(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static int liveThreads() {
        return Thread.getAllStackTraces().size();
    }
}
