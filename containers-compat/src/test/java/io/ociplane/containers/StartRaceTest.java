package io.ociplane.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.EventSink;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerState;
import io.ociplane.oci.memory.InMemoryRuntime;

/**
 * Many callers starting and stopping one container name at once, through the host's dispatcher, with the
 * provider's events delivered on the stopping thread (the in-memory provider) and on a thread of their own (as
 * the runc and Dobby providers deliver them): every start is answered with success, every stop with success or
 * "no such container", no call waits out the replace timeout, one container of the name is left, and nothing
 * stays registered in the plugin.
 */
class StartRaceTest {

    private static final int STARTERS = 6;
    private static final int STOPPERS = 2;
    private static final int ROUNDS = 300;
    /**
     * Just under the configured replace timeout (2 s): a call that waited it out takes 2 s or more. (Half of it
     * failed once when a loaded 2-core machine stalled every caller for 1.27 s at the same moment.)
     */
    private static final long SLOW_MILLIS = 1900;
    private static final String OK_NULL = "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":null}";
    private static final String UNAVAILABLE =
            "{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":2,\"message\":\"ERROR_UNAVAILABLE\"}}";
    private static final String START_WEB = "{\"name\":\"web\"}";

    @TempDir
    Path dir;
    private final ExecutorService eventThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopEventThread() {
        eventThread.shutdownNow();
    }

    @RepeatedTest(3)
    void eventsOnTheStoppingThread() throws Exception {
        race(false);
    }

    @RepeatedTest(3)
    void eventsOnAThreadOfTheirOwn() throws Exception {
        race(true);
    }

    private void race(boolean ownEventThread) throws Exception {
        Files.createDirectories(dir.resolve("web/Container"));
        Files.writeString(dir.resolve("web/Container/config.json"), "{}");
        InMemoryRuntime memory = new InMemoryRuntime();
        ContainersPlugin plugin = new ContainersPlugin();
        plugin.activate(ContainersPluginTest.config(dir.toString()));
        plugin.bindRuntime(memory, Map.of());
        if (ownEventThread) {
            memory.deliverEventsOn(eventThread);
        }
        memory.put(91, "web", ContainerState.RUNNING); // an old one to replace
        PluginCalls calls = new PluginCalls(plugin.define(EventSink.NONE));

        Queue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < STARTERS + STOPPERS; i++) {
            String method = i < STARTERS ? "start" : "stop";
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        long begun = System.nanoTime();
                        String reply = calls.reply(WireProfile.R4, method, START_WEB);
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
                        String bare = reply.replaceFirst(",\"data\":\"[^\"]*\"", "");
                        boolean right = bare.equals(OK_NULL) || (method.equals("stop") && bare.equals(UNAVAILABLE));
                        if (!right || millis > SLOW_MILLIS) {
                            wrong.add(method + " answered in " + millis + " ms: " + reply);
                        }
                    }
                } catch (InterruptedException e) {
                    wrong.add(method + " interrupted");
                }
            }, "caller-" + i));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!t.isAlive(), t.getName() + " still waits");
        }
        assertEquals(List.of(), wrong.stream().limit(5).toList(), wrong.size() + " wrong or slow answers, first 5");
        assertEquals(OK_NULL, calls.call(WireProfile.R4, "start", START_WEB));
        List<String> ids = memory.list().stream().map(ContainerRef::id).toList();
        assertEquals(List.of("web"), ids, "one container of the name is left");
        assertEquals(0, plugin.pendingStopWaits(), "stop waits left registered");
        assertEquals(0, plugin.namesStarting(), "name locks left behind");
    }
}
