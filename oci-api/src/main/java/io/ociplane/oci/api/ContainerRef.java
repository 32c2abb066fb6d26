package io.ociplane.oci.api;

/**
 * A container as a provider lists it: its id, and its descriptor, a number from 1 to 1023 that the provider gives
 * the container while it exists (the handle of RDK's Dobby daemon, docs/dobby-dbus.md#descriptors). Calls address
 * containers by id; the descriptor is what the plugins' wire shows beside it (OCIContainer's
 * {@code listContainers} and events).
 *
 * @param descriptor the provider's number for the container
 * @param id the container id (see {@link ContainerIds})
 */
public record ContainerRef(int descriptor, String id) {
}
