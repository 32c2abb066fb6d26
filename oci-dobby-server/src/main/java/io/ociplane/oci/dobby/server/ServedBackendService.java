package io.ociplane.oci.dobby.server;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.ociplane.oci.dobby.bus.ServedBackend;

/**
 * What {@link DobbyServerComponent} serves while it owns its name, as a DS factory component: one instance per
 * claim of the name, disposed of when the name is released, so the bundle declares the {@link ServedBackend}
 * service it registers (docs/providers.md#registration). Its properties are also service properties.
 */
@Component(factory = ServedBackendService.FACTORY, service = ServedBackend.class)
public final class ServedBackendService implements ServedBackend {

    static final String FACTORY = "io.ociplane.oci.dobby.server.served";
    private static final String BUS_ADDRESS = "dobby.busAddress";
    private static final String UNIQUE_NAME = "dobby.uniqueName";
    private static final String BACKEND = "ociplane.backend";

    private final String busAddress;
    private final String uniqueName;
    private final long backendServiceId;

    @Activate
    public ServedBackendService(Map<String, Object> properties) {
        this.busAddress = (String) properties.get(BUS_ADDRESS);
        this.uniqueName = (String) properties.get(UNIQUE_NAME);
        this.backendServiceId = (Long) properties.get(BACKEND);
    }

    /** The properties of the instance for a claim of the name by {@code uniqueName}. */
    static Dictionary<String, Object> properties(String busAddress, String uniqueName, long backendServiceId) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(BUS_ADDRESS, busAddress);
        p.put(UNIQUE_NAME, uniqueName);
        p.put(BACKEND, backendServiceId);
        return p;
    }

    @Override
    public String busAddress() {
        return busAddress;
    }

    @Override
    public String uniqueName() {
        return uniqueName;
    }

    @Override
    public long backendServiceId() {
        return backendServiceId;
    }

    @Override
    public String toString() {
        return uniqueName + " on " + busAddress + " backed by service " + backendServiceId;
    }
}
