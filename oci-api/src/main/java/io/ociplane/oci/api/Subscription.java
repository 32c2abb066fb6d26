package io.ociplane.oci.api;

import org.osgi.annotation.versioning.ProviderType;

/** A consumer's subscription to a provider's events ({@link ContainerRuntime#subscribe}); closing ends it. */
@ProviderType
public interface Subscription extends AutoCloseable {

    /** Ends the subscription: no event is delivered to its listener after this returns but one already under way. */
    @Override
    void close();
}
