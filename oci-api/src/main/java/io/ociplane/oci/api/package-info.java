/**
 * The container API: what a container provider (the Dobby D-Bus client, the runc/crun runtime) implements and
 * what plugins such as {@code org.rdk.OCIContainer} use. Containers are (descriptor, id) pairs as in Dobby;
 * operations address a container by descriptor.
 * <p>
 * Providers register {@link io.ociplane.oci.api.ContainerRuntime} with a {@code service.ranking}; consumers bind
 * the highest-ranked one (a greedy DS reference) and rebind when it changes. Events are delivered to
 * {@link io.ociplane.oci.api.ContainerListener} services (whiteboard): a provider calls every registered listener,
 * in order, from one thread of its own, and names itself as the event's source, so a consumer bound to another
 * provider can ignore the event.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.ociplane.oci.api;
