package io.ociplane.oci.api;

/**
 * Something that happened to a container of the provider the event comes from.
 *
 * @param container the container, with the descriptor it had
 * @param exitStatus for {@link Type#STOPPED}: the waitpid()-style status word when known (exit code N is
 *            {@code N << 8}, a signal S is {@code S}), else {@code null}
 */
public record ContainerEvent(Type type, ContainerRef container, Integer exitStatus) {

    /** The kinds of container event. */
    public enum Type {
        STARTED, STOPPED, HIBERNATED, AWOKEN
    }

    public String id() {
        return container.id();
    }

    public int descriptor() {
        return container.descriptor();
    }
}
