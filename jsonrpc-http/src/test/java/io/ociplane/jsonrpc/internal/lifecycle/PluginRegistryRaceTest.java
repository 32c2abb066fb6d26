package io.ociplane.jsonrpc.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.RepeatedTest;

import io.ociplane.jsonrpc.spi.PluginApi;

/** A plugin served and unserved in a tight loop while callers wait for it: no caller may fail with an exception. */
class PluginRegistryRaceTest {

    private static final int CALLERS = 4;
    private static final int FLIPS = 20_000;

    @RepeatedTest(5)
    void awaitActiveNeverFailsWhileThePluginComesAndGoes() throws Exception {
        PluginRegistry registry = new PluginRegistry();
        registry.setGraceMillis(50);
        PluginApi api = PluginApi.builder().method("ping", () -> "pong").build();
        AtomicBoolean flipping = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(CALLERS);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (flipping.get()) {
                        PluginApi got = registry.awaitActive("Flip");
                        assertTrue(got == null || got == api);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
            callers.add(t);
        }
        // a callsign from a plugin file keeps its record while its service comes and goes
        registry.upsertFile(new PluginFile("Flip", "demo", "Demo", true, null, null, null, null));
        registry.served("Flip", new Served(api, 1, null, null));
        callers.forEach(Thread::start);
        for (int i = 0; i < FLIPS && failure.get() == null; i++) {
            registry.unserved("Flip", 1);
            registry.served("Flip", new Served(api, 1, null, null));
        }
        flipping.set(false);
        assertTrue(done.await(10, TimeUnit.SECONDS), "callers did not finish");
        assertEquals(null, failure.get());
    }
}
