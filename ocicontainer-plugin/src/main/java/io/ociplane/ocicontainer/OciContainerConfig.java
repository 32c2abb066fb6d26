package io.ociplane.ocicontainer;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code configuration} object of an org.rdk.OCIContainer plugin file. */
@ObjectClassDefinition(name = "org.rdk.OCIContainer plugin", description = "The seed OCIContainer API over the"
        + " highest-ranked container provider")
public @interface OciContainerConfig {

    @AttributeDefinition(description = "Most annotations a container may have, whatever the provider (Dobby's"
            + " daemon has no limit)")
    int maxAnnotations() default 64;

    @AttributeDefinition(description = "Longest annotation key, in UTF-8 bytes")
    int maxAnnotationKeyBytes() default 256;

    @AttributeDefinition(description = "Longest annotation value, in UTF-8 bytes")
    int maxAnnotationValueBytes() default 4096;

    @AttributeDefinition(description = "Whether new containers start on the best available provider while a"
            + " higher-ranked one that served before is away (e.g. runc while the Dobby daemon restarts); off: such"
            + " a start waits for it, briefly, then fails with the reason (docs/providers.md#preferred-provider)")
    boolean providerFallback() default false;
}
