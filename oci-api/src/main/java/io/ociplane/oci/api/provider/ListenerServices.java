package io.ociplane.oci.api.provider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerListener;

/**
 * The {@link ContainerListener} services a provider component delivers to, bound by the component's dynamic,
 * multiple reference as {@link ComponentServiceObjects}. Each service is got only for the call: a listener that
 * also consumes the provider (the OCIContainer plugin) would otherwise be asked for while it is still activating,
 * and be skipped by SCR as a circular reference. A listener that throws is logged and the others still get the
 * call. As a {@link ContainerListener} itself it fans every call out, in binding order.
 */
public final class ListenerServices implements ContainerListener {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerServices.class);

    private final List<ComponentServiceObjects<ContainerListener>> services = new CopyOnWriteArrayList<>();

    public void add(ComponentServiceObjects<ContainerListener> service) {
        services.add(service);
    }

    public void remove(ComponentServiceObjects<ContainerListener> service) {
        services.remove(service);
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        each(l -> l.containerEvent(event), event);
    }

    @Override
    public void providerAvailability(String provider, boolean available) {
        each(l -> l.providerAvailability(provider, available), provider + (available ? " available" : " unavailable"));
    }

    private void each(Consumer<ContainerListener> call, Object what) {
        for (ComponentServiceObjects<ContainerListener> cso : services) {
            ContainerListener l;
            try {
                l = cso.getService();
            } catch (IllegalStateException e) {
                continue; // the listener's bundle is stopping
            }
            if (l == null) {
                continue;
            }
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("a container listener failed on {}", what, e);
            } finally {
                try {
                    cso.ungetService(l);
                } catch (IllegalStateException e) {
                    // gone with its bundle meanwhile
                }
            }
        }
    }
}
