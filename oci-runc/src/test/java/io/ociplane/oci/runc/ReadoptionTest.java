package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.BundleStart;
import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.api.SpecStart;

/** A provider that goes away (bundle update, framework restart) and a new one on the same state directory. */
class ReadoptionTest extends RealContainerTestBase {

    private ContainerRef startSleeper(RuncRuntime r, String id, String dir) throws Exception {
        Path bundle = bundles.bundle(tmp.resolve(dir), "/bin/sleep", "60");
        return r.startFromBundle(new BundleStart(id, bundle.toString(), null, null, List.of(), null, null));
    }

    @Test
    void runningAndPausedContainersAreReadoptedWithTheirDescriptors() throws Exception {
        String running = newId("keep");
        String paused = newId("frozen");
        String spec = newId("spec");
        startSleeper(runtime, running, "a");
        startSleeper(runtime, paused, "b");
        runtime.startFromSpec(new SpecStart(spec, """
                {"version":"1.0","args":["sleep","60"],"user":{"uid":1000,"gid":1000},"memLimit":41943040}""",
                null, null, List.of()));
        runtime.pause(paused);
        runtime.annotate(running, "key", "value");
        List<ContainerRef> before = runtime.list();
        runtime.close();
        events.clear();

        RuncRuntime restarted = open();
        assertEquals(before, restarted.list(), "same ids and descriptors");
        assertEquals(ContainerState.RUNNING, restarted.state(running));
        assertEquals(ContainerState.PAUSED, restarted.state(paused));
        assertEquals(ContainerState.RUNNING, restarted.state(spec));
        assertEquals("value", restarted.info(running).annotations().get("key"));
        assertEquals(1, restarted.info(running).pids().size());
        assertTrue(events.isEmpty(), "no events for re-adopted containers: " + events);

        String fresh = newId("fresh");
        assertEquals(731, startSleeper(restarted, fresh, "c").descriptor(), "the sequence restarts at its seed, skipping descriptors in use (734, 879, 439)");
        awaitEvent(ContainerEvent.Type.STARTED, fresh);

        restarted.stop(running, true);
        assertNull(awaitEvent(ContainerEvent.Type.STOPPED, running).exitStatus(), "not our child: status unknown");
        restarted.stop(paused, true);
        assertNull(awaitEvent(ContainerEvent.Type.STOPPED, paused).exitStatus());
        restarted.stop(spec, false);
        awaitEvent(ContainerEvent.Type.STOPPED, spec);
        restarted.stop(fresh, true);
        assertEquals(9, awaitEvent(ContainerEvent.Type.STOPPED, fresh).exitStatus());
        assertEquals(List.of(), restarted.list());
        assertNoLeftovers();
    }

    @Test
    void containersThatDiedMeanwhileAreRemovedAtStart() throws Exception {
        String id = newId("gone");
        startSleeper(runtime, id, "a");
        runtime.close();
        runc("kill", id, "KILL");
        await("the runtime state of the killed container to go", Duration.ofSeconds(5),
                () -> runcIds().isEmpty());

        RuncRuntime restarted = open();
        assertEquals(List.of(), restarted.list());
        assertNoLeftovers();
        assertTrue(events.stream().noneMatch(e -> e.id().equals(id) && e.type() == ContainerEvent.Type.STOPPED),
                "no STOPPED for a container found dead");
    }

    @Test
    void aReadoptedContainerThatExitsIsReportedPromptly() throws Exception {
        String id = newId("watched");
        ContainerRef d = startSleeper(runtime, id, "a");
        runtime.close();
        events.clear();
        RuncRuntime restarted = open();
        assertEquals(List.of(d), restarted.list());

        runc("kill", id, "KILL"); // behind the provider's back
        long killed = System.nanoTime(); // from here on only our detection counts, not runc's own start-up
        ContainerEvent stopped = awaitEvent(ContainerEvent.Type.STOPPED, id);
        long millis = (System.nanoTime() - killed) / 1_000_000;
        assertEquals(d, stopped.container());
        // the poller looks every InitPoller.PERIOD_MILLIS (25 ms); the bound leaves room for a loaded machine while
        // still failing a provider that would only notice at its next restart or list
        assertTrue(millis < 500, "STOPPED " + millis + " ms after the kill command returned");
        assertNoLeftovers();
    }
}
