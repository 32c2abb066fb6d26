package io.ociplane.oci.dobby.bus;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Dobby-compatible service of this framework while it owns its name on a bus, a service the service's bundle
 * registers through DS; what it says is in its service properties: the bus, the connection that owns the name and
 * the provider behind it. A Dobby client of this framework whose daemon is that connection shows that provider's
 * containers again, and says so on its registration ({@link io.ociplane.oci.api.ContainerRuntime#MIRRORS}), so
 * that the plugins serve each container once (docs/providers.md).
 */
@ProviderType
public interface ServedBackend {

    /** Service property: the bus the service is on. */
    String BUS_ADDRESS = "dobby.busAddress";
    /** Service property: the unique name of the connection that owns the Dobby name. */
    String UNIQUE_NAME = "dobby.uniqueName";
    /** Service property: the {@code service.id} of the provider behind the service (a Long). */
    String BACKEND = "ociplane.backend";
}
