package io.ociplane.oci.dobby.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.dobby.client.DobbyClient;

/**
 * Records what a Dobby client tells its host (publish, withdraw, in order), and, as a consumer would, the events of
 * the runtime it published: subscribed at the first publish, for the rest of the test.
 */
public final class RecordingHost implements DobbyClient.Host {

    public static final long WAIT_MILLIS = 10_000;

    private final BlockingQueue<String> availability = new LinkedBlockingQueue<>();
    private final BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
    private volatile ContainerRuntime published;
    private volatile String daemon;
    private Subscription subscription;

    @Override
    public synchronized void publish(ContainerRuntime runtime, String daemon) {
        if (subscription == null) {
            subscription = runtime.subscribe(events::add);
        }
        this.daemon = daemon;
        published = runtime;
        availability.add("publish");
    }

    @Override
    public void withdraw(ContainerRuntime runtime) {
        published = null;
        availability.add("withdraw");
    }

    /** The published runtime, or null. */
    public ContainerRuntime published() {
        return published;
    }

    /** The unique bus name of the daemon the runtime was last published for. */
    public String daemon() {
        return daemon;
    }

    /** The next availability change ("publish", "withdraw"), or null after the wait. */
    public String nextAvailability() throws InterruptedException {
        return availability.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Waits for publish; returns the runtime. */
    public ContainerRuntime awaitPublished() throws InterruptedException {
        String next = nextAvailability();
        if (!"publish".equals(next)) {
            throw new AssertionError("expected publish; got " + next);
        }
        return published;
    }

    public void awaitWithdrawn() throws InterruptedException {
        String next = nextAvailability();
        if (!"withdraw".equals(next)) {
            throw new AssertionError("expected withdraw; got " + next);
        }
    }

    /** Whether nothing about availability is pending. */
    public boolean noAvailabilityChange() {
        return availability.isEmpty();
    }

    public ContainerEvent nextEvent() throws InterruptedException {
        return events.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    public boolean noEventPending() {
        return events.isEmpty();
    }
}
