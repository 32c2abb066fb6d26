/**
 * Support for consumers of the container API (plugins): the providers a consumer is bound to, which of them runs
 * which container, and where new containers start.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.ociplane.oci.api.consumer;
