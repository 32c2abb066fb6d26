package io.ociplane.oci.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A container provider: Dobby over D-Bus, or an OCI runtime (runc, crun) driven directly. Operations address a
 * container by descriptor, as Dobby does; {@link #list()} maps ids to descriptors. Every method may throw
 * {@link ContainerException} with the reason of the failure; none blocks longer than the provider's timeout.
 */
@ProviderType
public interface ContainerRuntime {

    /** A short name for people and logs, e.g. {@code dobby} or {@code runc}. */
    String name();

    /** The containers the provider knows of, sorted by id. */
    List<ContainerRef> list() throws ContainerException;

    ContainerState state(int descriptor) throws ContainerException;

    ContainerInfo info(int descriptor) throws ContainerException;

    /** Starts a container from an OCI bundle; returns its descriptor once it runs. */
    int startFromBundle(BundleStart start) throws ContainerException;

    /** Starts a container from a legacy Dobby spec; returns its descriptor once it runs. */
    int startFromSpec(SpecStart start) throws ContainerException;

    /**
     * Asks a container to stop: SIGTERM, then SIGKILL after the provider's grace, or SIGKILL at once when forced.
     * The container is gone when its {@link ContainerEvent.Type#STOPPED} event arrives.
     */
    void stop(int descriptor, boolean force) throws ContainerException;

    void pause(int descriptor) throws ContainerException;

    void resume(int descriptor) throws ContainerException;

    /** @param options comma-separated {@code key=value} options, e.g. {@code dest=/tmp/dump,compress=zstd} */
    void hibernate(int descriptor, String options) throws ContainerException;

    void wakeup(int descriptor) throws ContainerException;

    /**
     * Runs a command in a running container, detached.
     *
     * @param options runtime exec options (e.g. {@code --cwd /}); empty for none
     * @param command the command line, split on spaces
     */
    void exec(int descriptor, String options, String command) throws ContainerException;

    void mount(int descriptor, MountRequest mount) throws ContainerException;

    /** @param path the mount point inside the container */
    void unmount(int descriptor, String path) throws ContainerException;

    void annotate(int descriptor, String key, String value) throws ContainerException;

    void removeAnnotation(int descriptor, String key) throws ContainerException;
}
