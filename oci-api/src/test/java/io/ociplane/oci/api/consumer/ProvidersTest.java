package io.ociplane.oci.api.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;
import io.ociplane.oci.api.consumer.Providers.Located;

class ProvidersTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private Providers providers(long graceMillis) {
        return new Providers(graceMillis, (from, e) -> events.add(from.name() + " " + e.type() + " " + e.id()));
    }

    private static Map<String, Object> service(long id, int ranking) {
        return Map.of("service.id", id, "service.ranking", ranking);
    }

    private static Map<String, Object> mirror(long id, int ranking, long mirrored) {
        return Map.of("service.id", id, "service.ranking", ranking, ContainerRuntime.MIRRORS, mirrored);
    }

    private static ContainerException noProvider(Providers p) {
        ContainerException e = assertThrows(ContainerException.class, p::forStart);
        assertEquals(ContainerException.Reason.PROVIDER_UNAVAILABLE, e.reason());
        return e;
    }

    // ---- waiting, as the single provider slot did ----

    @Test
    void withoutEverAProviderCallsWaitOnlyTheStartGrace() {
        Providers p = providers(200);
        long t0 = System.nanoTime();
        assertEquals(Providers.NO_PROVIDER, noProvider(p).getMessage());
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waitedMs < 5000, "waited " + waitedMs + " ms for a 200 ms start grace");
        long t1 = System.nanoTime();
        noProvider(p);
        assertTrue(System.nanoTime() - t1 < TimeUnit.MILLISECONDS.toNanos(150), "waited again after the start grace");
    }

    @Test
    void aCallMadeWhileStartingWaitsForTheFirstProvider() throws Exception {
        Providers p = providers(60_000);
        TestRuntime first = new TestRuntime("first");
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<ContainerRuntime> call = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return p.forStart();
            } catch (ContainerException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        p.bind(first, service(1, 0));
        assertSame(first, call.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aReplacementBoundBeforeTheOldIsUnboundServesAtOnce() throws Exception {
        Providers p = providers(60_000);
        TestRuntime runc = new TestRuntime("runc");
        TestRuntime dobby = new TestRuntime("dobby");
        p.bind(runc, service(1, 100));
        p.bind(dobby, service(2, 200));
        p.unbind(runc);
        assertEquals(List.of(dobby), p.served());
        assertSame(dobby, p.forStart());
    }

    @Test
    void aCallForAContainerWaitsForItsProviderToComeBackWithinTheGrace() throws Exception {
        Providers p = providers(60_000);
        TestRuntime dobby = new TestRuntime("dobby");
        TestRuntime before = new TestRuntime("runc").with(734, "app");
        TestRuntime after = new TestRuntime("runc").with(734, "app");
        p.bind(dobby, service(1, 200));
        p.bind(before, service(2, 100));
        p.unbind(before); // a bundle update: the runc provider leaves, dobby stays
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Located> call = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return p.locate("app");
            } catch (ContainerException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        p.bind(after, service(3, 100));
        Located found = call.get(10, TimeUnit.SECONDS);
        assertSame(after, found.provider());
        assertEquals(new ContainerRef(734, "app"), found.container());
    }

    @Test
    void afterTheGraceACallerGetsNoProviderAndTheGraceRunsFromTheLoss() {
        Providers p = providers(200);
        TestRuntime gone = new TestRuntime("gone");
        p.bind(gone, service(1, 0));
        p.unbind(gone);
        long t0 = System.nanoTime();
        noProvider(p);
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waitedMs >= 150 && waitedMs < 5000, "waited " + waitedMs + " ms for a 200 ms grace");
        long t1 = System.nanoTime();
        noProvider(p);
        assertTrue(System.nanoTime() - t1 < TimeUnit.MILLISECONDS.toNanos(150),
                "the grace runs from the loss, not from each call");
    }

    @Test
    void aContainerNobodyHasIsAnsweredAtOnceWhenNoProviderLeft() throws Exception {
        Providers p = providers(60_000);
        p.bind(new TestRuntime("runc").with(734, "app"), service(1, 100));
        long t0 = System.nanoTime();
        assertNull(p.locate("other"));
        assertNull(p.locateDescriptor(5));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "a 60 s grace was waited out");
    }

    @Test
    void unbindingAProviderThatIsNotBoundChangesNothing() throws Exception {
        Providers p = providers(60_000);
        TestRuntime current = new TestRuntime("current");
        p.bind(current, service(1, 0));
        p.unbind(new TestRuntime("other"));
        assertSame(current, p.forStart());
    }

    // ---- every provider's containers ----

    @Test
    void theContainersOfEveryProviderAreServedAndNewOnesStartOnTheHighestRanked() throws Exception {
        Providers p = providers(60_000);
        TestRuntime runc = new TestRuntime("runc").with(734, "stranded").with(879, "both");
        TestRuntime dobby = new TestRuntime("dobby").with(734, "web").with(12, "both");
        p.bind(runc, service(7, 100));
        p.bind(dobby, service(8, 200));
        assertEquals(List.of(new ContainerRef(12, "both"), new ContainerRef(734, "web"), new ContainerRef(879, "both"),
                new ContainerRef(734, "stranded")), p.containers());
        assertSame(dobby, p.forStart());
        assertEquals("container provider: dobby", p.note());
        assertSame(runc, p.locate("stranded").provider());
        assertSame(dobby, p.locate("web").provider());
        assertSame(dobby, p.locate("both").provider(), "an id two providers have: the preferred one's");
        assertSame(dobby, p.locateDescriptor(734).provider());
        assertSame(runc, p.locateDescriptor(879).provider());

        p.unbind(dobby);
        assertSame(runc, p.forStart());
        assertEquals(List.of(new ContainerRef(879, "both"), new ContainerRef(734, "stranded")), p.containers());
    }

    @Test
    void equalRankingsPreferTheOlderService() throws Exception {
        Providers p = providers(60_000);
        TestRuntime younger = new TestRuntime("younger");
        TestRuntime older = new TestRuntime("older");
        p.bind(younger, service(9, 100));
        p.bind(older, service(3, 100));
        assertSame(older, p.forStart());
        p.updated(younger, service(9, 300));
        assertSame(younger, p.forStart(), "a ranking changed at run time counts");
    }

    @Test
    void eachServedProviderTellsItsEventsUntilItIsUnbound() {
        Providers p = providers(60_000);
        TestRuntime runc = new TestRuntime("runc");
        TestRuntime dobby = new TestRuntime("dobby");
        p.bind(runc, service(1, 100));
        p.bind(dobby, service(2, 200));
        runc.fire(ContainerEvent.Type.STARTED, "a");
        dobby.fire(ContainerEvent.Type.STOPPED, "b");
        p.unbind(runc);
        runc.fire(ContainerEvent.Type.STARTED, "late");
        assertEquals(List.of("runc STARTED a", "dobby STOPPED b"), events);
        assertEquals(0, runc.subscribers.size(), "the subscription was closed");
        assertEquals(1, dobby.subscribers.size());
    }

    @Test
    void aMirroredProviderIsLeftAloneWhileItsMirrorIsBound() throws Exception {
        Providers p = providers(60_000);
        TestRuntime memory = new TestRuntime("memory").with(734, "app");
        TestRuntime dobby = new TestRuntime("dobby").with(879, "app"); // the same container, seen through D-Bus
        p.bind(memory, service(5, -100));
        p.bind(dobby, mirror(6, 200, 5));
        assertEquals(List.of(dobby), p.served());
        assertEquals(List.of(new ContainerRef(879, "app")), p.containers(), "listed once, as the mirror shows it");
        memory.fire(ContainerEvent.Type.STOPPED, "app");
        dobby.fire(ContainerEvent.Type.STOPPED, "app");
        assertEquals(List.of("dobby STOPPED app"), events, "told once");
        assertEquals(0, memory.subscribers.size());

        p.unbind(dobby);
        assertEquals(List.of(memory), p.served());
        assertSame(memory, p.locate("app").provider());
        memory.fire(ContainerEvent.Type.STARTED, "next");
        assertEquals("memory STARTED next", events.get(1));
    }

    // ---- readiness and the note ----

    private record Problem(String provider, String reason) implements ProviderProblem {
    }

    private static ProviderProblem problem(String provider, String reason) {
        return new Problem(provider, reason);
    }

    @Test
    void readyWhenTheFirstProviderIsBound() throws Exception {
        Providers p = providers(60_000);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        p.ready().thenRun(() -> ready.complete(null));
        assertFalse(ready.isDone());
        p.bind(new TestRuntime("first"), service(1, 0));
        ready.get(10, TimeUnit.SECONDS);
    }

    @Test
    void readyAfterTheStartGraceWithoutAProviderSayingWhy() throws Exception {
        Providers p = providers(100);
        p.addProblem(problem("runc", "cannot open its state in /var/lib/x: Read-only file system"));
        p.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(), p.served());
        assertEquals(Providers.NO_PROVIDER + " (runc: cannot open its state in /var/lib/x: Read-only file system)",
                p.note());
        assertEquals(p.note(), noProvider(p).getMessage());
    }

    @Test
    void theNoteNamesThePreferredProviderOrEveryReasonThereIsNone() {
        Providers p = providers(60_000);
        assertEquals(Providers.NO_PROVIDER, p.unavailable());
        ProviderProblem runc = problem("runc", "runc not found");
        p.addProblem(runc);
        p.addProblem(problem("dobby", "org.rdk.dobby is not on the bus"));
        assertEquals(Providers.NO_PROVIDER + " (runc: runc not found; dobby: org.rdk.dobby is not on the bus)",
                p.unavailable());
        p.removeProblem(runc);
        assertEquals(Providers.NO_PROVIDER + " (dobby: org.rdk.dobby is not on the bus)", p.note());
        p.bind(new TestRuntime("crun"), service(1, 100));
        p.bind(new TestRuntime("memory"), service(2, -100));
        assertEquals("container provider: crun", p.note());
    }
}
