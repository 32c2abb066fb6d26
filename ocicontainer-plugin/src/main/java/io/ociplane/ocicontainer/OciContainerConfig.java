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
}
