/**
 * Dobby's legacy JSON spec (docs/dobby-dbus.md#dobby-spec), read once for every provider: the fields every spec
 * needs, and each field's type and range ({@link io.ociplane.oci.dobby.spec.DobbySpecReader}), into a typed
 * {@link io.ociplane.oci.dobby.spec.DobbySpec}. What a provider can honour of it, and the host's rules for the paths
 * it names, are the provider's to judge.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.oci.dobby.spec;
