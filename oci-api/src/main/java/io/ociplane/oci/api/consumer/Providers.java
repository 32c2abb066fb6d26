package io.ociplane.oci.api.consumer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;
import io.ociplane.oci.api.Subscription;

/**
 * The container providers a consumer serves: every {@link ContainerRuntime} its dynamic, multiple reference binds,
 * except one that another bound provider mirrors ({@link ContainerRuntime#MIRRORS}). The consumer lists the
 * containers of all of them, addresses each container through the provider that runs it ({@link #locate}), and
 * starts new ones on the highest-ranked ({@link #forStart}, the one place that decides). It gets the events of each
 * served provider: the holder subscribes on a provider when it starts serving it and closes the subscription when
 * the provider is unbound or mirrored.
 * <p>
 * While a provider is being replaced (its bundle updated, a container daemon restarting) a caller waits, bounded,
 * for it to come back instead of failing at once: a call that finds no provider, or not the container it names,
 * waits while a served provider left less than the grace ago. A consumer that has just started is treated like one whose
 * provider just left, until the first provider is bound. Providers that cannot serve say why
 * ({@link ProviderProblem}); the holder puts their reasons into what it answers while it has no provider.
 * docs/providers.md says what consumers and providers rely on.
 */
public final class Providers {

    /**
     * The grace consumers use: less than the host's restart grace (2 s), so a call that waited for its plugin to
     * restart and then for a provider still ends within the host's bound plus a second.
     */
    public static final long DEFAULT_GRACE_MILLIS = 1500;
    /** What a consumer says while it has no provider, before the reasons the providers gave. */
    public static final String NO_PROVIDER = "no container provider is available";

    /** Where the events of the served providers go, each with the provider it comes from. */
    @FunctionalInterface
    public interface Events {
        void containerEvent(ContainerRuntime provider, ContainerEvent event);
    }

    /** A container and the provider that runs it. */
    public record Located(ContainerRuntime provider, ContainerRef container) {

        public String id() {
            return container.id();
        }
    }

    /** A bound provider. */
    private static final class Bound {
        final ContainerRuntime runtime;
        int ranking;
        long serviceId;
        Long mirrors;
        Subscription subscription; // while served

        Bound(ContainerRuntime runtime) {
            this.runtime = runtime;
        }
    }

    private static final Comparator<Bound> PREFERRED = Comparator.<Bound>comparingInt(b -> -b.ranking)
            .thenComparingLong(b -> b.serviceId);

    private final long graceNanos;
    private final Events events;
    private final List<Bound> bound = new ArrayList<>(); // guarded by this
    private volatile List<ContainerRuntime> served = List.of(); // the preferred first
    /** Until when (System.nanoTime) callers may wait for providers: the start's grace, then a departure's. */
    private volatile long graceEnds; // written under this
    private boolean bindSeen; // guarded by this: the start's grace is over once a provider was bound
    private long changes; // guarded by this: counts binds and updates, so waiters see each
    private final List<ProviderProblem> problems = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    /** @param graceMillis how long after the start, or after a provider left, a caller may wait for one */
    public Providers(long graceMillis, Events events) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
        this.events = events;
        this.graceEnds = System.nanoTime() + graceNanos;
        ready.completeOnTimeout(null, graceMillis, TimeUnit.MILLISECONDS);
    }

    /** A provider bound, with its service properties ({@code service.ranking}, {@code service.id}, mirrors). */
    public void bind(ContainerRuntime runtime, Map<String, ?> properties) {
        synchronized (this) {
            Bound b = new Bound(runtime);
            read(b, properties);
            bound.add(b);
            if (!bindSeen) {
                bindSeen = true;
                graceEnds = System.nanoTime(); // a provider came: nothing to wait for until one leaves
            }
            reconcile();
        }
        ready.complete(null);
    }

    /** A bound provider's service properties changed (its ranking, what it mirrors). */
    public synchronized void updated(ContainerRuntime runtime, Map<String, ?> properties) {
        for (Bound b : bound) {
            if (b.runtime == runtime) {
                read(b, properties);
            }
        }
        reconcile();
    }

    /** A provider left; its subscription is closed. */
    public synchronized void unbind(ContainerRuntime runtime) {
        for (Bound b : List.copyOf(bound)) {
            if (b.runtime == runtime) {
                bound.remove(b);
                if (b.subscription != null) {
                    b.subscription.close();
                    b.subscription = null;
                    graceEnds = System.nanoTime() + graceNanos;
                }
            }
        }
        reconcile();
    }

    /** A provider said it cannot serve (bind it with a dynamic, multiple, optional reference). */
    public void addProblem(ProviderProblem problem) {
        problems.add(problem);
    }

    public void removeProblem(ProviderProblem problem) {
        problems.remove(problem);
    }

    /**
     * Completes when the first provider is bound, or when the grace after the start has passed without one (the
     * consumer has given up waiting; {@link #unavailable()} says why).
     */
    public CompletionStage<Void> ready() {
        return ready.minimalCompletionStage();
    }

    /** For people: the provider new containers start on, or why there is none. */
    public String note() {
        List<ContainerRuntime> now = served;
        return now.isEmpty() ? unavailable() : "container provider: " + now.get(0).name();
    }

    /** Why there is no provider: {@link #NO_PROVIDER}, with the reasons providers gave. */
    public String unavailable() {
        if (problems.isEmpty()) {
            return NO_PROVIDER;
        }
        return problems.stream().map(p -> p.provider() + ": " + p.reason())
                .collect(Collectors.joining("; ", NO_PROVIDER + " (", ")"));
    }

    /** The served providers now, the preferred first; never waits. */
    public List<ContainerRuntime> served() {
        return served;
    }

    /**
     * The provider a new container starts on: the highest-ranked one served, waiting for one while the grace
     * allows.
     *
     * @throws ContainerException {@code PROVIDER_UNAVAILABLE} with {@link #unavailable()} when there is none
     */
    public ContainerRuntime forStart() throws ContainerException {
        return awaitServed().get(0);
    }

    /**
     * The containers of every served provider: the preferred provider's first, each provider's in its own order
     * (by id), so that with one provider the list is exactly that provider's.
     */
    public List<ContainerRef> containers() throws ContainerException {
        List<ContainerRuntime> now = awaitServed();
        if (now.size() == 1) {
            return now.get(0).list();
        }
        List<ContainerRef> all = new ArrayList<>();
        for (ContainerRuntime r : now) {
            all.addAll(r.list());
        }
        return all;
    }

    /** The served provider that has a container of this id, the preferred first; never waits. */
    public Located find(String id) {
        for (ContainerRuntime r : served) {
            Optional<ContainerRef> ref = r.find(id);
            if (ref.isPresent()) {
                return new Located(r, ref.get());
            }
        }
        return null;
    }

    /**
     * The provider that runs the container with this id. When no served provider has it but one left less than the
     * grace ago, waits for providers to come back, up to the end of the grace.
     *
     * @return where it runs, or {@code null} when no provider has it
     * @throws ContainerException {@code PROVIDER_UNAVAILABLE} when there is no provider at all
     */
    public Located locate(String id) throws ContainerException {
        return await(() -> find(id));
    }

    /** As {@link #locate}, for the container that a provider lists with this descriptor (the preferred first). */
    public Located locateDescriptor(int descriptor) throws ContainerException {
        return await(() -> {
            for (ContainerRuntime r : served) {
                for (ContainerRef c : r.list()) {
                    if (c.descriptor() == descriptor) {
                        return new Located(r, c);
                    }
                }
            }
            return null;
        });
    }

    private interface Lookup {
        Located find() throws ContainerException;
    }

    private Located await(Lookup lookup) throws ContainerException {
        if (!served.isEmpty()) { // what nearly every call finds: no lock taken, one look
            Located found = lookup.find();
            if (found != null || !withinGrace()) {
                return found;
            }
        }
        while (true) {
            long seen;
            synchronized (this) {
                seen = changes;
            }
            if (!served.isEmpty()) {
                Located found = lookup.find();
                if (found != null) {
                    return found;
                }
            }
            if (!awaitChange(seen)) { // nothing changed since the look, and the grace is over
                if (served.isEmpty()) {
                    throw noProvider();
                }
                return null;
            }
        }
    }

    /**
     * The served providers, the preferred first, waiting for one while the grace allows.
     *
     * @throws ContainerException {@code PROVIDER_UNAVAILABLE} with {@link #unavailable()} when there is none
     */
    public List<ContainerRuntime> awaitServed() throws ContainerException {
        List<ContainerRuntime> at = served;
        if (!at.isEmpty()) { // what nearly every call finds: no lock taken
            return at;
        }
        while (true) {
            long seen;
            synchronized (this) {
                seen = changes;
            }
            List<ContainerRuntime> now = served;
            if (!now.isEmpty()) {
                return now;
            }
            if (!awaitChange(seen) && served.isEmpty()) {
                throw noProvider();
            }
        }
    }

    /** Waits for a bind or update after {@code seen}, within the grace; false when the grace is over. */
    private synchronized boolean awaitChange(long seen) {
        while (changes == seen) {
            long left = graceEnds - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean withinGrace() {
        return graceEnds - System.nanoTime() > 0;
    }

    private ContainerException noProvider() {
        return new ContainerException(ContainerException.Reason.PROVIDER_UNAVAILABLE, unavailable());
    }

    /** Serves every bound provider that no other bound provider mirrors; subscribes and unsubscribes to match. */
    private void reconcile() {
        Set<Long> mirrored = new HashSet<>();
        for (Bound b : bound) {
            if (b.mirrors != null) {
                mirrored.add(b.mirrors);
            }
        }
        List<Bound> now = new ArrayList<>();
        for (Bound b : bound) {
            boolean serve = !mirrored.contains(b.serviceId);
            if (serve && b.subscription == null) {
                ContainerRuntime from = b.runtime;
                b.subscription = from.subscribe(e -> events.containerEvent(from, e));
            } else if (!serve && b.subscription != null) {
                b.subscription.close();
                b.subscription = null;
            }
            if (serve) {
                now.add(b);
            }
        }
        now.sort(PREFERRED);
        served = now.stream().map(b -> b.runtime).toList();
        changes++;
        notifyAll();
    }

    private static void read(Bound b, Map<String, ?> properties) {
        b.ranking = properties.get("service.ranking") instanceof Integer r ? r : 0;
        b.serviceId = properties.get("service.id") instanceof Long id ? id : Long.MAX_VALUE;
        b.mirrors = properties.get(ContainerRuntime.MIRRORS) instanceof Number n ? n.longValue() : null;
    }
}
