package io.ociplane.oci.api;

import java.util.OptionalInt;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Why an installed provider cannot serve, e.g. an OCI runtime provider whose state directory is read-only. The
 * provider registers this service while the problem lasts (instead of a {@link ContainerRuntime}); consumers show
 * the reason wherever they would otherwise only say that no provider is available (docs/readiness.md).
 */
@ProviderType
public interface ProviderProblem {

    /** The provider's short name, as its {@link ContainerRuntime#name()} would be. */
    String provider();

    /** What keeps the provider from serving, in one line for people. */
    String reason();

    /**
     * The service ranking the provider serves with, when it is expected back (e.g. its daemon served in this run and
     * left): consumers then start no container on a lower-ranked provider while it is away, unless configured to
     * fall back (docs/providers.md#preferred-provider). Empty, the default: not expected, ranks nothing.
     */
    default OptionalInt ranking() {
        return OptionalInt.empty();
    }
}
