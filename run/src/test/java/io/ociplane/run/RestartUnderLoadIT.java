package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

/**
 * Eight clients call the demo plugin without pause while it is restarted twenty times, ten times through
 * Controller deactivate/activate and ten times by a change of its plugin file. Every request must be answered,
 * none with a 5xx, each with a result or the not-active error, and none later than the restart grace plus 1 s.
 */
public class RestartUnderLoadIT extends InRuntime {

    private static final int CLIENTS = 8;
    private static final int RESTARTS = 20;
    private static final long GRACE_MS = 2000;

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtime(Set.of(), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "g0")));
    }

    @Test
    public void everyRequestIsAnsweredWhileThePluginRestarts() throws Exception {
        Rpc control = Rpc.onceDemoAnswers(WAIT);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        AtomicLong notActive = new AtomicLong();
        LongAccumulator slowestMs = new LongAccumulator(Math::max, 0);
        Map<String, Long> unexpected = new ConcurrentHashMap<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread t = new Thread(() -> {
                Rpc rpc = new Rpc();
                while (!stop.get()) {
                    long start = System.nanoTime();
                    String outcome;
                    try {
                        Rpc.Response r = rpc.call("Demo.1.add", "{\"a\":1,\"b\":2}");
                        if (r.status() == 200 && r.body().equals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"sum\":3}}")) {
                            ok.incrementAndGet();
                            outcome = null;
                        } else if (r.status() == 202 && r.json().path("error").path("code").asInt() == 2) {
                            notActive.incrementAndGet();
                            outcome = null;
                        } else {
                            outcome = r.status() + " " + r.body();
                        }
                    } catch (AssertionError e) {
                        outcome = "no answer: " + e.getMessage();
                    }
                    slowestMs.accumulate((System.nanoTime() - start) / 1_000_000);
                    if (outcome != null) {
                        unexpected.merge(outcome, 1L, Long::sum);
                    }
                }
            }, "client-" + i);
            t.start();
            clients.add(t);
        }

        Path plugins = Path.of(System.getProperty(RuntimeOptions.PLUGINS));
        try {
            for (int n = 1; n <= RESTARTS; n++) {
                if (n % 2 == 1) {
                    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                            control.call("Controller.1.deactivate", "{\"callsign\":\"Demo\"}").body());
                    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                            control.call("Controller.1.activate", "{\"callsign\":\"Demo\"}").body());
                } else {
                    String greeting = "g" + n;
                    Path tmp = plugins.resolve("Demo.json.tmp");
                    Files.writeString(tmp, RuntimeOptions.demoPlugin("Demo", greeting));
                    Files.move(tmp, plugins.resolve("Demo.json"), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    Rpc.await("restart " + n, WAIT, () -> greeting.equals(
                            control.call("Demo.1.whoami", null).json().path("result").path("greeting").asText()));
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
        System.out.printf("RestartUnderLoadIT: %d restarts, %d clients: %d results, %d not-active errors, "
                + "%d unexpected, slowest %d ms%n", RESTARTS, CLIENTS, ok.get(), notActive.get(),
                unexpected.values().stream().mapToLong(Long::longValue).sum(), slowestMs.get());
        assertEquals("unexpected answers: " + unexpected, Map.of(), unexpected);
        assertTrue("slowest answer " + slowestMs.get() + " ms", slowestMs.get() <= GRACE_MS + 1000);
        assertTrue("clients made progress", ok.get() > RESTARTS * CLIENTS);
    }
}
