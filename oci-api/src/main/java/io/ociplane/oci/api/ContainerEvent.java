package io.ociplane.oci.api;

/**
 * Something that happened to a container, as Dobby signals it.
 *
 * @param exitStatus for {@link Type#STOPPED}: the waitpid()-style status word when known (Dobby's
 *            {@code StoppedWithStatus}: exit code N is {@code N << 8}, a signal S is {@code S}), else {@code null}
 * @param source the provider that reports it
 */
public record ContainerEvent(Type type, int descriptor, String id, Integer exitStatus, ContainerRuntime source) {

    /** The kinds of container event. */
    public enum Type {
        STARTED, STOPPED, HIBERNATED, AWOKEN
    }
}
