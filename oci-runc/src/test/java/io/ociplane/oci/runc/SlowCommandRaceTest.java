package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerState;

/**
 * A runtime command that hangs on one container (a {@code runc pause} held at a gate, a real process) while many
 * threads read the container and its init exits: readers and the exit thread must not wait for the command, and
 * operations that run commands on the container (pause, resume, exec, stop) must still take turns.
 */
class SlowCommandRaceTest extends RealContainerTestBase {

    private static final int READERS = 4;
    private static final int READS = 100;
    private static final Duration READ_MAX = Duration.ofSeconds(1);
    private static final Duration READS_MAX = Duration.ofSeconds(5); // all of one reader's
    private static final Duration STOPPED_MAX = Duration.ofSeconds(3); // well below the 10 s command timeout

    private GatedRunc runc;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @Override
    RuntimeSetup settings() {
        try {
            runc = new GatedRunc(tmp.resolve("gated"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RuntimeSetup.of(config(stateDir, workspaceDir, natPlan, Map.of("runtime",
                runc.executable().toString())), System.getenv("PATH"));
    }

    @AfterEach
    void openGates() throws IOException {
        for (String command : List.of("pause", "resume", "kill")) {
            runc.open(command); // a failed test must not leave a command waiting for its timeout
        }
        pool.shutdownNow();
    }

    @RepeatedTest(3)
    void readersAndTheExitThreadDoNotWaitForACommand() throws Exception {
        String id = newId("held");
        start(id);
        long init = runtime.info(id).pids().get(0);
        runc.close("pause");
        Future<?> pause = pool.submit(() -> {
            runtime.pause(id);
            return null;
        });
        await("runc pause at its gate", Duration.ofSeconds(10), () -> runc.held("pause"));

        List<Future<Long>> readers = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(pool.submit(() -> slowestRead(id)));
        }
        for (Future<Long> r : readers) {
            long slowest = r.get(READS_MAX.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(slowest < READ_MAX.toNanos(), "a read took " + slowest / 1_000_000 + " ms");
        }

        ProcessHandle.of(init).ifPresent(ProcessHandle::destroyForcibly); // the init dies while pause hangs
        ContainerEvent stopped = nextEventOf(id, STOPPED_MAX);
        assertNotNull(stopped, "no event within " + STOPPED_MAX + " of the init's death while a command hangs");
        assertEquals(ContainerEvent.Type.STOPPED, stopped.type());
        assertFalse(pause.isDone(), "the pause still hangs");
        assertEquals(java.util.Optional.empty(), runtime.find(id));
        assertEquals(List.of(), runtime.list());

        runc.open("pause");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> pause.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ContainerException.class, failed.getCause(), "a pause of a container that died fails");
        assertNoLeftovers();
    }

    @RepeatedTest(2)
    void operationsOnOneContainerTakeTurns() throws Exception {
        String id = newId("turns");
        start(id);
        runc.close("pause");
        List<Thread> callers = new ArrayList<>();
        Map<String, Object> outcomes = new ConcurrentHashMap<>();
        callers.add(caller("pause", outcomes, () -> runtime.pause(id)));
        callers.get(0).start();
        await("runc pause at its gate", Duration.ofSeconds(10), () -> runc.held("pause"));
        callers.add(caller("resume", outcomes, () -> runtime.resume(id)));
        callers.add(caller("exec-1", outcomes, () -> runtime.exec(id, "", "/bin/true")));
        callers.add(caller("exec-2", outcomes, () -> runtime.exec(id, "", "/bin/true")));
        callers.add(caller("stop", outcomes, () -> runtime.stop(id, true)));
        callers.subList(1, callers.size()).forEach(Thread::start);
        await("every caller waiting for its turn", Duration.ofSeconds(10), () -> callers.subList(1, callers.size())
                .stream().allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.BLOCKED));
        assertEquals(List.of(), overlaps(), "nothing ran beside the held pause");

        runc.open("pause");
        for (Thread t : callers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive(), t.getName() + " still runs");
        }
        assertEquals(ContainerEvent.Type.STOPPED, awaitEvent(ContainerEvent.Type.STOPPED, id).type());
        assertEquals("done", outcomes.get("stop"), "the forced stop: " + outcomes);
        assertEquals(List.of(), overlaps(), "commands on the container overlapped: " + runc.log());
        assertNoLeftovers();
    }

    private void start(String id) throws Exception {
        Path bundle = bundles.bundle(tmp.resolve("b-" + id), "/bin/sleep", "60");
        runtime.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null));
        awaitEvent(ContainerEvent.Type.STARTED, id);
    }

    /** Reads the container's state, info and the list {@value #READS} times; the slowest read in nanoseconds. */
    private long slowestRead(String id) throws ContainerException {
        long slowest = 0;
        for (int i = 0; i < READS; i++) {
            long begun = System.nanoTime();
            assertEquals(ContainerState.RUNNING, runtime.state(id));
            assertEquals(ContainerState.RUNNING, runtime.info(id).state());
            assertEquals(1, runtime.list().size());
            slowest = Math.max(slowest, System.nanoTime() - begun);
        }
        return slowest;
    }

    /** The next event of {@code id} within {@code max}, or null; other containers' are skipped. */
    private ContainerEvent nextEventOf(String id, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            ContainerEvent e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null && e.id().equals(id)) {
                return e;
            }
        }
        return null;
    }

    /** A thread that runs one operation and records "done" or its failure's reason under its name. */
    private static Thread caller(String name, Map<String, Object> outcomes, Operation operation) {
        return new Thread(() -> {
            try {
                operation.run();
                outcomes.put(name, "done");
            } catch (ContainerException e) {
                outcomes.put(name, e.reason());
            }
        }, name);
    }

    private interface Operation {
        void run() throws ContainerException;
    }

    /**
     * Commands on the container that ran beside another: a begin of pause, resume, kill or exec while a pause,
     * resume or kill had begun and not ended. (exec stays in the foreground with its process, so it has no end.)
     */
    private List<String> overlaps() throws IOException {
        List<String> overlaps = new ArrayList<>();
        Map<String, String> running = new HashMap<>(); // pid -> line
        for (String line : runc.log()) {
            String[] f = line.split(" ");
            if (!List.of("pause", "resume", "kill", "exec").contains(f[1])) {
                continue;
            }
            if (f[0].equals("end")) {
                running.remove(f[2]);
                continue;
            }
            if (!running.isEmpty()) {
                overlaps.add(line + " beside " + running.values());
            }
            if (!f[1].equals("exec")) {
                running.put(f[2], line);
            }
        }
        return overlaps;
    }
}
