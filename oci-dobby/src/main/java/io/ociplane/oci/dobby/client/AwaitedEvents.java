package io.ociplane.oci.dobby.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEvent.Type;

/**
 * Lets a start or stop return only once the event it caused has been handed to the runtime's listeners, so that a
 * client hears the event before the call's reply (docs/dobby-dbus.md#event-before-reply). dbus-java hands a signal
 * and a reply to different threads, and the daemon replies to a Stop before it signals the end, so the caller
 * waits, bounded, for the control thread to deliver it. A wait is registered before its call is sent, so that a
 * signal that comes before the reply is not missed.
 */
final class AwaitedEvents {

    private static final Logger LOG = LoggerFactory.getLogger(AwaitedEvents.class);

    private final List<Wait> waits = new CopyOnWriteArrayList<>();
    /** True on the thread that delivers events: it must never wait for one itself. */
    private final BooleanSupplier onEventThread;

    AwaitedEvents(BooleanSupplier onEventThread) {
        this.onEventThread = onEventThread;
    }

    /** One wait for an event of a type about a container id; close it when the call is over. */
    final class Wait implements AutoCloseable {
        private final Type type;
        private final String id;
        private volatile Integer descriptor;
        private final CompletableFuture<ContainerEvent> delivered = new CompletableFuture<>();

        private Wait(Type type, String id) {
            this.type = type;
            this.id = id;
        }

        /** Only an event about this descriptor counts (a stop knows it; a start learns it from its reply). */
        Wait of(int descriptor) {
            this.descriptor = descriptor;
            return this;
        }

        private boolean matches(ContainerEvent event) {
            Integer cd = descriptor;
            return event.type() == type && event.id().equals(id) && (cd == null || cd == event.descriptor());
        }

        /**
         * Waits up to {@code millis} for the event to have been delivered; after that the call returns anyway, and
         * the log says why.
         */
        void awaitDelivered(String call, long millis) {
            if (onEventThread.getAsBoolean()) {
                return; // a listener that calls back would wait for itself
            }
            try {
                delivered.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.info("{} of '{}' returns without its {} event: the daemon did not signal it within {} ms", call,
                        id, type, millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // never completed exceptionally
            }
        }

        @Override
        public void close() {
            waits.remove(this);
        }
    }

    /** Registers a wait; to be done before the call that causes the event is sent. */
    Wait expect(Type type, String id) {
        Wait wait = new Wait(type, id);
        waits.add(wait);
        return wait;
    }

    /** An event was handed to every listener (control thread): the calls waiting for it may return. */
    void delivered(ContainerEvent event) {
        for (Wait wait : waits) {
            if (wait.matches(event)) {
                wait.delivered.complete(event);
            }
        }
    }
}
