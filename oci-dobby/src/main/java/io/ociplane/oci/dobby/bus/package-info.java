/**
 * What the Dobby client and the Dobby-compatible service share: the daemon's names, bus addresses, reconnection
 * backoff and {@link io.ociplane.oci.dobby.bus.BusPeer}, a bare bus connection on dbus-java's transport.
 * Private to the bundle.
 */
package io.ociplane.oci.dobby.bus;
