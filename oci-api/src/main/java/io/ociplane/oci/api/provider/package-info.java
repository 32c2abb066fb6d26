/**
 * Support for container provider implementations (not for plugins): the subscriptions a provider delivers its
 * events to, the sequence its containers' descriptors come from, the service object DS registers in front of an
 * opened runtime, and the base of the component that reports why a provider cannot serve
 * (docs/providers.md#registration).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.ociplane.oci.api.provider;
