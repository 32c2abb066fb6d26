/**
 * What the tests of several modules share: a private dbus-daemon ({@link io.ociplane.testing.PrivateBus}),
 * busybox OCI bundles ({@link io.ociplane.testing.BusyboxBundles}), Dobby specs
 * ({@link io.ociplane.testing.DobbySpecs}), and what a test sees of runc and of the runc provider's directories
 * ({@link io.ociplane.testing.RuncRoot}, {@link io.ociplane.testing.RuncProviderDirs}) and of
 * its cgroup parent ({@link io.ociplane.testing.Cgroups}). Plain Java: no test framework, no OSGi.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.testing;
