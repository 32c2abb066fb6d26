/**
 * Dobby's legacy JSON spec (docs/dobby-dbus.md#dobby-spec), read once for every provider: the fields every spec
 * needs, and each field's type and range ({@link io.ociplane.oci.dobby.spec.DobbySpecReader}), into a typed
 * {@link io.ociplane.oci.dobby.spec.DobbySpec}. What a provider can honour of it, and the host's rules for the paths
 * it names, are the provider's to judge. Also an OCI bundle's config as the providers read it
 * ({@link io.ociplane.oci.dobby.spec.BundleConfig}: by the host path rules, and whether it names RDK plugins).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ociplane.oci.dobby.spec;
