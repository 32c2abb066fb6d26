/**
 * The Dobby provider: {@link io.ociplane.oci.api.ContainerRuntime} over a Dobby daemon's D-Bus API
 * ({@link io.ociplane.oci.dobby.client.DobbyClient}, as a component
 * {@link io.ociplane.oci.dobby.client.DobbyClientComponent}). Private to the bundle.
 */
package io.ociplane.oci.dobby.client;
