package io.ociplane.oci.dobby.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.client.DobbyClient;

/** Records what a Dobby client tells its host: availability changes and container events, in order. */
public final class RecordingHost implements DobbyClient.Host {

    public static final long WAIT_MILLIS = 10_000;

    private final BlockingQueue<String> availability = new LinkedBlockingQueue<>();
    private final BlockingQueue<ContainerEvent> events = new LinkedBlockingQueue<>();
    private volatile ContainerRuntime published;

    @Override
    public void publish(ContainerRuntime runtime) {
        published = runtime;
        availability.add("publish");
    }

    @Override
    public void withdraw(ContainerRuntime runtime) {
        published = null;
        availability.add("withdraw");
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        events.add(event);
    }

    @Override
    public void providerAvailability(String provider, boolean available) {
        availability.add(provider + (available ? " available" : " unavailable"));
    }

    /** The published runtime, or null. */
    public ContainerRuntime published() {
        return published;
    }

    /** The next availability change ("publish", "withdraw", "dobby available", ...), or null after the wait. */
    public String nextAvailability() throws InterruptedException {
        return availability.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Waits for publish and the availability call that follows it; returns the runtime. */
    public ContainerRuntime awaitPublished() throws InterruptedException {
        String first = nextAvailability();
        String second = nextAvailability();
        if (!"publish".equals(first) || !"dobby available".equals(second)) {
            throw new AssertionError("expected publish, dobby available; got " + first + ", " + second);
        }
        return published;
    }

    public void awaitWithdrawn() throws InterruptedException {
        String first = nextAvailability();
        String second = nextAvailability();
        if (!"withdraw".equals(first) || !"dobby unavailable".equals(second)) {
            throw new AssertionError("expected withdraw, dobby unavailable; got " + first + ", " + second);
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
