/**
 * What the Dobby client and the Dobby-compatible service share: the daemon's names, bus addresses, D-Bus error
 * names, Dobby's state codes, reconnection backoff, {@link io.ociplane.oci.dobby.bus.BusPeer} (a bare bus connection
 * on dbus-java's transport, whose messages are dbus-java's, exported by this bundle too) and
 * {@link io.ociplane.oci.dobby.bus.ServedBackend}, the service the one registers and the other looks for.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.oci.dobby.bus;
