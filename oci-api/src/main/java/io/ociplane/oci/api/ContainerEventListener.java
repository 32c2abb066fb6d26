package io.ociplane.oci.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the events of one provider, subscribed with {@link ContainerRuntime#subscribe}. The provider calls it
 * from a thread of its own, one event at a time, in the order the events happened; it must not block.
 */
@ConsumerType
@FunctionalInterface
public interface ContainerEventListener {

    /** A container started, stopped, hibernated or woke up. */
    void containerEvent(ContainerEvent event);
}
