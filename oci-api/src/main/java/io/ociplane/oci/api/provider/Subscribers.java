package io.ociplane.oci.api.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEventListener;
import io.ociplane.oci.api.Subscription;

/**
 * The subscriptions of one provider ({@link io.ociplane.oci.api.ContainerRuntime#subscribe}): a provider hands
 * each event to {@link #deliver}, on its own event thread, and every listener subscribed at that moment gets it,
 * in the order they subscribed. A listener that throws is logged and the others still get the event.
 */
public final class Subscribers {

    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

    private final List<ContainerEventListener> listeners = new CopyOnWriteArrayList<>();

    public Subscription subscribe(ContainerEventListener listener) {
        // a wrapper of its own: the same listener subscribed twice gets two subscriptions, each closed alone
        ContainerEventListener entry = listener::containerEvent;
        listeners.add(entry);
        return () -> listeners.remove(entry);
    }

    public void deliver(ContainerEvent event) {
        for (ContainerEventListener l : listeners) {
            try {
                l.containerEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("a container event listener failed on {}", event, e);
            }
        }
    }

    /** How many subscriptions are open (for tests and logs). */
    public int size() {
        return listeners.size();
    }
}
