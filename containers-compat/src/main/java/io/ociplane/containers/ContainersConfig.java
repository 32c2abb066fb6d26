package io.ociplane.containers;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code configuration} object of a Containers plugin file. */
@ObjectClassDefinition(name = "Containers plugin", description = "Thunder's legacy Containers API")
public @interface ContainersConfig {

    @AttributeDefinition(description = "Directories searched for <name>/Container/config.json (OCI bundle) or"
            + " <name>/spec.json (Dobby spec), in order; absolute paths")
    String[] containerPaths() default {};

    @AttributeDefinition(description = "How long start waits for an old container of the same name to stop, in ms")
    long replaceTimeoutMillis() default 5000;
}
