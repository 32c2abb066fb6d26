package io.ociplane.oci.api;

/**
 * A container as Dobby lists it.
 *
 * @param descriptor the provider's handle, 1..1023 in Dobby
 * @param id the container id (see {@link ContainerIds})
 */
public record ContainerRef(int descriptor, String id) {
}
