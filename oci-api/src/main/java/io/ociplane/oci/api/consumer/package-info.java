/**
 * Support for consumers of the container API (plugins): the slot that holds the provider a consumer uses.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ociplane.oci.api.consumer;
