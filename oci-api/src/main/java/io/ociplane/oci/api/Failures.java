package io.ociplane.oci.api;

/**
 * The failures that every provider reports in the same words, so that a plugin's error {@code data} reads the same
 * whichever provider serves the container (docs/providers.md#one-wording-per-failure). Providers build these
 * exceptions here instead of wording the failure themselves.
 */
public final class Failures {

    /** How a missing bundle directory is named, as in {@code bundlePath '/x' does not exist}. */
    public static final String BUNDLE_PATH = "bundlePath";
    /** How a bundle's missing or unreadable OCI config is named. */
    public static final String BUNDLE_CONFIG = "the bundle's config.json";

    private Failures() {
    }

    /** A container id is taken: {@code a container with id 'x' exists}. */
    public static ContainerException duplicateId(String id) {
        return new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, "a container with id '" + id
                + "' exists");
    }

    /** No container of that id: {@code no container 'x'}. */
    public static ContainerException notFound(String id) {
        return new ContainerException(ContainerException.Reason.NOT_FOUND, "no container '" + ContainerIds.shorten(id)
                + "'");
    }

    /**
     * An operation that needs the container in another state, such as pausing a paused container:
     * {@code container 'x' is paused, not running}.
     */
    public static ContainerException wrongState(String id, ContainerState is, ContainerState needed) {
        return new ContainerException(ContainerException.Reason.INVALID_STATE, "container '" + id + "' is "
                + is.lowerCase() + ", not " + needed.lowerCase());
    }

    /** A stop without force of a paused container, which Dobby refuses (a frozen process cannot be signalled). */
    public static ContainerException pausedStop(String id) {
        return new ContainerException(ContainerException.Reason.INVALID_STATE, "container '" + id
                + "' is paused: only a forced stop ends a paused container");
    }

    /** The annotation to remove is not there: {@code no annotation 'k'}. */
    public static ContainerException noAnnotation(String key) {
        return new ContainerException(ContainerException.Reason.NOT_FOUND, "no annotation '"
                + ContainerIds.shorten(key) + "'");
    }

    /** A host path that should exist does not: {@code bundlePath '/x' does not exist}. */
    public static ContainerException missingPath(String what, String path) {
        return new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, what + " '"
                + ContainerIds.shorten(path) + "' does not exist");
    }
}
