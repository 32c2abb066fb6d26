package io.ociplane.oci.dobby.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerListener;

/**
 * The backing provider's events, handed to every listener added (the service of each server the rig starts, and
 * tests that watch the provider itself). Give it to the provider once, when it is opened.
 */
public final class ProviderEvents implements ContainerListener {

    private final List<ContainerListener> listeners = new CopyOnWriteArrayList<>();

    public void add(ContainerListener listener) {
        listeners.add(listener);
    }

    public void remove(ContainerListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        listeners.forEach(l -> l.containerEvent(event));
    }

    @Override
    public void providerAvailability(String provider, boolean available) {
        listeners.forEach(l -> l.providerAvailability(provider, available));
    }
}
