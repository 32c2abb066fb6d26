package io.ociplane.security.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The {@code configuration} object of a SecurityAgent plugin file (docs/security-agent.md). */
@ObjectClassDefinition(name = "SecurityAgent plugin",
        description = "Thunder's SecurityAgent: JWT tokens and the access control list they are checked against")
public @interface SecurityAgentConfig {

    String DEFAULT_ACL = "/etc/ociplane/acl.json";
    String DEFAULT_STATE_DIR = "/var/lib/ociplane/security";
    long DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

    @AttributeDefinition(description = "The access control list (Thunder's acl.json format); a relative path is"
            + " taken from the process's working directory. Reloaded when it changes.")
    String acl() default DEFAULT_ACL;

    @AttributeDefinition(description = "Directory of the token signing secret (token.secret); created with mode"
            + " 0700 when missing")
    String stateDir() default DEFAULT_STATE_DIR;

    @AttributeDefinition(description = "How long a token made by createtoken is valid, in seconds (> 0)")
    long tokenLifetimeSeconds() default DEFAULT_TOKEN_LIFETIME_SECONDS;
}
