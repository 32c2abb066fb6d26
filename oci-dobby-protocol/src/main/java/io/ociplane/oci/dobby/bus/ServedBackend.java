package io.ociplane.oci.dobby.bus;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A Dobby-compatible service of this framework while it owns its name on a bus, a service the service's bundle
 * registers through DS: the connection that owns the name and the provider behind it. A Dobby client of this
 * framework whose daemon is that connection shows that provider's containers again, and says so on its
 * registration ({@link io.ociplane.oci.api.ContainerRuntime#MIRRORS}), so that the plugins serve each container
 * once (docs/providers.md).
 */
@ProviderType
public interface ServedBackend {

    /** The bus the service is on. */
    String busAddress();

    /** The unique name of the connection that owns the Dobby name. */
    String uniqueName();

    /** The {@code service.id} of the provider behind the service. */
    long backendServiceId();
}
