/**
 * A Dobby-compatible D-Bus service backed by any container provider
 * ({@link io.ociplane.oci.dobby.server.DobbyServer}, as a component
 * {@link io.ociplane.oci.dobby.server.DobbyServerComponent}, off unless configured). Private to the bundle.
 */
package io.ociplane.oci.dobby.server;
