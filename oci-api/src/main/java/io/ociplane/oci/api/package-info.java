/**
 * The container API: what a container provider (an OCI runtime driven directly, a client of a container daemon)
 * implements and what plugins such as {@code org.rdk.OCIContainer} use. Operations address a container by its id;
 * each container also has a descriptor, the small number the plugins' wire shows beside the id
 * ({@link io.ociplane.oci.api.ContainerRef}).
 * <p>
 * Providers register {@link io.ociplane.oci.api.ContainerRuntime} services with a {@code service.ranking};
 * consumers bind every one of them, serve the containers of all, and start new containers on the highest-ranked
 * ({@link io.ociplane.oci.api.consumer.Providers}). A consumer gets the events of the providers it is bound to by
 * subscribing on each ({@link io.ociplane.oci.api.ContainerRuntime#subscribe}) and closing the subscription
 * when it unbinds: there is no listener whiteboard.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.ociplane.oci.api;
