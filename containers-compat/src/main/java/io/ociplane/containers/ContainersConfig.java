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

    @AttributeDefinition(description = "Whether new containers start on the best available provider while a"
            + " higher-ranked one that served before is away (e.g. runc while the Dobby daemon restarts); off: such"
            + " a start waits for it, briefly, then fails with the reason (docs/providers.md#preferred-provider)")
    boolean providerFallback() default false;
}
