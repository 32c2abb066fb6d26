package io.ociplane.oci.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives container events and provider availability changes. Register as an OSGi service (whiteboard);
 * providers call every listener, in order, from a thread of their own. Implementations must not block.
 */
@ConsumerType
public interface ContainerListener {

    /** A container started, stopped, hibernated or woke up. */
    void containerEvent(ContainerEvent event);

    /**
     * A provider became able or unable to serve (for example the Dobby daemon appeared or left the bus).
     *
     * @param provider the provider's {@link ContainerRuntime#name()}
     */
    default void providerAvailability(String provider, boolean available) {
    }
}
