/**
 * Support for container provider implementations (not for plugins): the subscriptions a provider delivers its
 * events to, and the sequence its containers' descriptors come from.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.ociplane.oci.api.provider;
