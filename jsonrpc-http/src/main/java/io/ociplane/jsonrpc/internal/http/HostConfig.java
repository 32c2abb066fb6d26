package io.ociplane.jsonrpc.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the JSON-RPC host (PID {@value JsonRpcHost#PID}). An attribute not set in ConfigAdmin falls
 * back to the framework property {@code io.ociplane.jsonrpc.<attribute>}, then to the default below.
 */
@ObjectClassDefinition(name = "JSON-RPC host", description = "Thunder-compatible JSON-RPC host")
public @interface HostConfig {

    @AttributeDefinition(description = "Thunder release whose wire rules are followed: R2, R4 or R5")
    String profile() default "R4";

    @AttributeDefinition(description = "Directory of Thunder plugin files (*.json)")
    String pluginsDir() default "etc/plugins";

    @AttributeDefinition(description = "How long a call waits for a restarting plugin, in ms")
    long restartGraceMillis() default 2000;

    @AttributeDefinition(description = "How long Controller.activate/deactivate wait for the component, in ms")
    long activationTimeoutMillis() default 5000;

    @AttributeDefinition(description = "Largest accepted request: HTTP body or WebSocket text message, in bytes")
    int maxRequestBytes() default 1048576;

    @AttributeDefinition(description = "Event registrations one WebSocket connection may hold; more are refused")
    int maxRegistrationsPerConnection() default 1000;

    @AttributeDefinition(description = "Messages (responses and events) that may wait unsent for one WebSocket "
            + "client; a client that lets more pile up is closed (1008)")
    int maxQueuedMessages() default 4096;

    @AttributeDefinition(description = "Bytes of messages that may wait unsent for one WebSocket client; a client "
            + "that lets more pile up is closed (1008)")
    int maxQueuedBytes() default 1048576;

    @AttributeDefinition(description = "Host header names accepted besides the bound address and localhost")
    String[] allowedHosts() default {};

    @AttributeDefinition(description = "Threads that run calls received over WebSocket")
    int workerThreads() default 8;

    @AttributeDefinition(description = "Turns every access check off (development only; refused unless bound to "
            + "loopback)")
    boolean insecure() default false;

    @AttributeDefinition(description = "Local uids trusted without a token besides root (0)")
    String[] trustedUids() default {};

    @AttributeDefinition(description = "Local groups whose members are trusted without a token")
    String[] trustedGids() default {};

    @AttributeDefinition(description = "Browser origins (scheme://host[:port]) judged by their socket like local "
            + "programs; any other page needs a token issued for its origin")
    String[] allowedOrigins() default {};

    @AttributeDefinition(description = "Thunder's persistent path: Controller.persist writes PluginHost/override.json "
            + "under it, which the next start lays over the plugin files")
    String persistentPath() default "var/persistent";

    @AttributeDefinition(description = "Lets Controller.reboot (harakiri) stop the runtime's framework; refused when off")
    boolean allowReboot() default false;

    @AttributeDefinition(description = "Where Controller.startdiscovery sends its SSDP M-SEARCH (ip:port)")
    String discoveryNode() default "239.255.255.0:1900";

    @AttributeDefinition(description = "IP TTL of a discovery search that names none (R5), or asks for 0 (R4)")
    int discoveryTtl() default 1;

    @AttributeDefinition(description = "Subsystems set from outside (Thunder's Controller configuration 'subsystems'); "
            + "every other one is active from the start")
    String[] externalSubsystems() default {};
}
