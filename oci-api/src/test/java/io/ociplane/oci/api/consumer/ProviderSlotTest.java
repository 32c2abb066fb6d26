package io.ociplane.oci.api.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;

class ProviderSlotTest {

    private static ContainerRuntime runtime(String name) {
        return (ContainerRuntime) Proxy.newProxyInstance(ProviderSlotTest.class.getClassLoader(),
                new Class<?>[] { ContainerRuntime.class }, (p, m, a) -> m.getName().equals("toString") ? name : null);
    }

    @Test
    void withoutEverAProviderAwaitWaitsOnlyTheStartGrace() {
        ProviderSlot slot = new ProviderSlot(200);
        long t0 = System.nanoTime();
        assertNull(slot.await());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waitedMs < 5000, "waited " + waitedMs + " ms for a 200 ms start grace");
        long t1 = System.nanoTime();
        assertNull(slot.await());
        assertTrue(System.nanoTime() - t1 < TimeUnit.MILLISECONDS.toNanos(150), "waited again after the start grace");
    }

    @Test
    void aCallMadeWhileStartingWaitsForTheFirstProvider() throws Exception {
        ProviderSlot slot = new ProviderSlot(60_000);
        ContainerRuntime first = runtime("first");
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<ContainerRuntime> call = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return slot.await();
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        slot.bind(first);
        assertSame(first, call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aReplacementBoundBeforeTheOldIsUnboundStays() {
        ProviderSlot slot = new ProviderSlot(60_000);
        ContainerRuntime runc = runtime("runc");
        ContainerRuntime dobby = runtime("dobby");
        slot.bind(runc);
        slot.bind(dobby);
        slot.unbind(runc);
        assertSame(dobby, slot.current());
        assertSame(dobby, slot.await());
    }

    @Test
    void aCallerWaitsForTheProviderThatComesBackWithinTheGrace() throws Exception {
        ProviderSlot slot = new ProviderSlot(60_000);
        ContainerRuntime before = runtime("before");
        ContainerRuntime after = runtime("after");
        slot.bind(before);
        slot.unbind(before);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<ContainerRuntime> call = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return slot.await();
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        slot.bind(after);
        assertSame(after, call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void afterTheGraceACallerGetsNoProvider() {
        ProviderSlot slot = new ProviderSlot(200);
        ContainerRuntime gone = runtime("gone");
        slot.bind(gone);
        slot.unbind(gone);
        long t0 = System.nanoTime();
        assertNull(slot.await());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waitedMs >= 150 && waitedMs < 5000, "waited " + waitedMs + " ms for a 200 ms grace");
        long t1 = System.nanoTime();
        assertNull(slot.await());
        assertTrue(System.nanoTime() - t1 < TimeUnit.MILLISECONDS.toNanos(150),
                "the grace runs from the loss, not from each call");
    }

    @Test
    void unbindingAProviderThatIsNotCurrentChangesNothing() {
        ProviderSlot slot = new ProviderSlot(60_000);
        ContainerRuntime current = runtime("current");
        slot.bind(current);
        slot.unbind(runtime("other"));
        assertSame(current, slot.await());
    }

    private static ContainerRuntime named(String name) {
        return (ContainerRuntime) Proxy.newProxyInstance(ProviderSlotTest.class.getClassLoader(),
                new Class<?>[] { ContainerRuntime.class }, (p, m, a) -> m.getName().equals("name") ? name : null);
    }

    private static ProviderProblem problem(String provider, String reason) {
        return new ProviderProblem() {
            @Override
            public String provider() {
                return provider;
            }

            @Override
            public String reason() {
                return reason;
            }
        };
    }

    @Test
    void readyWhenTheFirstProviderIsBound() throws Exception {
        ProviderSlot slot = new ProviderSlot(60_000);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        slot.ready().thenRun(() -> ready.complete(null));
        assertFalse(ready.isDone());
        slot.bind(runtime("first"));
        ready.get(10, TimeUnit.SECONDS);
    }

    @Test
    void readyAfterTheStartGraceWithoutAProviderSayingWhy() throws Exception {
        ProviderSlot slot = new ProviderSlot(100);
        slot.addProblem(problem("runc", "cannot open its state in /var/lib/x: Read-only file system"));
        slot.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNull(slot.current());
        assertEquals(ProviderSlot.NO_PROVIDER + " (runc: cannot open its state in /var/lib/x: Read-only file system)",
                slot.note());
    }

    @Test
    void theNoteNamesTheProviderOrEveryReasonThereIsNone() {
        ProviderSlot slot = new ProviderSlot(60_000);
        assertEquals(ProviderSlot.NO_PROVIDER, slot.unavailable());
        ProviderProblem runc = problem("runc", "runc not found");
        slot.addProblem(runc);
        slot.addProblem(problem("dobby", "org.rdk.dobby is not on the bus"));
        assertEquals(ProviderSlot.NO_PROVIDER + " (runc: runc not found; dobby: org.rdk.dobby is not on the bus)",
                slot.unavailable());
        slot.removeProblem(runc);
        assertEquals(ProviderSlot.NO_PROVIDER + " (dobby: org.rdk.dobby is not on the bus)", slot.note());
        slot.bind(named("crun"));
        assertEquals("container provider: crun", slot.note());
    }
}
