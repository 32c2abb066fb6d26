package io.ociplane.oci.dobby.server;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.ociplane.oci.dobby.bus.ServedBackend;

/**
 * What {@link DobbyServerComponent} serves while it owns its name, as a DS factory component: one instance per
 * claim of the name, with what it says as its properties, disposed of when the name is released; so the bundle
 * declares the {@link ServedBackend} service it registers (docs/providers.md#registration).
 */
@Component(factory = ServedBackendService.FACTORY, service = ServedBackend.class)
public final class ServedBackendService implements ServedBackend {

    static final String FACTORY = "io.ociplane.oci.dobby.server.served";

    /** The properties of the instance for a claim of the name by {@code uniqueName}. */
    static Dictionary<String, Object> properties(String busAddress, String uniqueName, long backendServiceId) {
        return new Hashtable<>(Map.of(BUS_ADDRESS, busAddress, UNIQUE_NAME, uniqueName, BACKEND, backendServiceId));
    }
}
