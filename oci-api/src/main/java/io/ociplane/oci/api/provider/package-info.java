/**
 * Support for container provider implementations (not for plugins): the whiteboard of
 * {@link io.ociplane.oci.api.ContainerListener} services a provider delivers its events to.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ociplane.oci.api.provider;
