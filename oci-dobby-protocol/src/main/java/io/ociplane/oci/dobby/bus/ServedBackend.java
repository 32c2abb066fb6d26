package io.ociplane.oci.dobby.bus;

/**
 * A Dobby-compatible service of this framework while it owns its name on a bus, registered as a service by the
 * server's component: the connection that owns the name and the provider behind it. A Dobby client of this
 * framework whose daemon is that connection shows that provider's containers again, and says so on its
 * registration ({@link io.ociplane.oci.api.ContainerRuntime#MIRRORS}), so that the plugins serve each container
 * once (docs/providers.md).
 *
 * @param busAddress the bus the service is on
 * @param uniqueName the unique name of the connection that owns the Dobby name
 * @param backendServiceId the {@code service.id} of the provider behind the service
 */
public record ServedBackend(String busAddress, String uniqueName, long backendServiceId) {
}
