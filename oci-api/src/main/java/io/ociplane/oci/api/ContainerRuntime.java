package io.ociplane.oci.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A container provider: an OCI runtime (runc, crun) driven directly, a client of a container daemon, or a stand-in
 * for tests. Operations address a container by id; an id the provider does not know is
 * {@link ContainerException.Reason#NOT_FOUND} with the message {@code no container '<id>'}. Every method may throw
 * {@link ContainerException} with the reason of the failure; none blocks longer than the provider's timeout.
 */
@ProviderType
public interface ContainerRuntime {

    /**
     * Service property of a provider that shows the containers of another provider of this framework again, under
     * descriptors of its own (a client of a service that this framework serves on top of that provider): the
     * {@code service.id} of the other provider. Consumers use this provider and leave the other alone while both
     * are registered, so no container is served twice (docs/providers.md).
     */
    String MIRRORS = "ociplane.mirrors";

    /** A short name for people and logs, e.g. {@code runc}. */
    String name();

    /** The containers the provider knows of, sorted by id. */
    List<ContainerRef> list() throws ContainerException;

    /**
     * The container with this id, if the provider has it. Answered from what the provider holds, at once and
     * without a call to anything else, so consumers may ask every provider to find where a container runs.
     */
    Optional<ContainerRef> find(String id);

    ContainerState state(String id) throws ContainerException;

    ContainerInfo info(String id) throws ContainerException;

    /**
     * The network interfaces the container sees and their addresses. Kept apart from {@link #info}, which is
     * asked for often: reading a network namespace costs a process start.
     */
    List<InterfaceAddresses> networkInterfaces(String id) throws ContainerException;

    /** Starts a container from an OCI bundle; returns it, with its descriptor, once it runs. */
    ContainerRef startFromBundle(BundleStart start) throws ContainerException;

    /** Starts a container from a legacy JSON container spec; returns it, with its descriptor, once it runs. */
    ContainerRef startFromSpec(SpecStart start) throws ContainerException;

    /**
     * Asks a container to stop: SIGTERM, then SIGKILL after the provider's grace, or SIGKILL at once when forced.
     * The container is gone when its {@link ContainerEvent.Type#STOPPED} event arrives.
     */
    void stop(String id, boolean force) throws ContainerException;

    void pause(String id) throws ContainerException;

    void resume(String id) throws ContainerException;

    /** @param options comma-separated {@code key=value} options, e.g. {@code dest=/tmp/dump,compress=zstd} */
    void hibernate(String id, String options) throws ContainerException;

    void wakeup(String id) throws ContainerException;

    /**
     * Runs a command in a running container, detached.
     *
     * @param options runtime exec options (e.g. {@code --cwd /}); empty for none
     * @param command the command line, split on spaces
     */
    void exec(String id, String options, String command) throws ContainerException;

    void mount(String id, MountRequest mount) throws ContainerException;

    /** @param path the mount point inside the container */
    void unmount(String id, String path) throws ContainerException;

    void annotate(String id, String key, String value) throws ContainerException;

    void removeAnnotation(String id, String key) throws ContainerException;

    /**
     * Delivers this provider's events to {@code listener} until the subscription is closed: every event from now
     * on, in order, on a thread of the provider (never on the thread that subscribes). A consumer subscribes on
     * each provider it is bound to and closes the subscription when it unbinds. Returns at once.
     */
    Subscription subscribe(ContainerEventListener listener);
}
