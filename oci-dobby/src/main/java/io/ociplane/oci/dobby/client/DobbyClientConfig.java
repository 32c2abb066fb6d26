package io.ociplane.oci.dobby.client;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.ociplane.oci.dobby.bus.BusAddresses;
import io.ociplane.oci.dobby.bus.DobbyNames;

@ObjectClassDefinition(name = "Dobby D-Bus container provider",
        description = "A ContainerRuntime over a Dobby daemon's D-Bus API, registered only while the daemon is on"
                + " the bus and ready. Without configuration one instance watches the system bus.")
public @interface DobbyClientConfig {

    @AttributeDefinition(description = "Off: this instance does nothing.")
    boolean enabled() default true;

    @AttributeDefinition(description = "Bus of the daemon (unix:path=... only).")
    String busAddress() default BusAddresses.SYSTEM_BUS;

    @AttributeDefinition(description = "The daemon's well-known name (legacy firmware: com.sky.dobby).")
    String serviceName() default DobbyNames.RDK_SERVICE_NAME;

    @AttributeDefinition(description = "The daemon's object path (legacy: /com/sky/dobby).")
    String objectPath() default DobbyNames.RDK_OBJECT_PATH;

    @AttributeDefinition(description = "Interface prefix: <prefix>.admin1, <prefix>.ctrl1 (legacy: com.sky.dobby).")
    String interfacePrefix() default DobbyNames.RDK_INTERFACE_PREFIX;

    @AttributeDefinition(description = "Longest wait for a call, in ms (Dobby's clients: 25 s).")
    long callTimeoutMillis() default 25_000;

    @AttributeDefinition(description = "Longest wait for StartFromBundle/StartFromSpec, in ms.")
    long startTimeoutMillis() default 60_000;

    @AttributeDefinition(description = "How long a new daemon has to signal Ready before it is pinged, in ms.")
    long readyTimeoutMillis() default 5_000;

    @AttributeDefinition(description = "Pings, one a second, before a silent daemon is given up on.")
    int pingAttempts() default 5;

    @AttributeDefinition(description = "First delay before connecting again after losing the bus, in ms.")
    long reconnectMinMillis() default 250;

    @AttributeDefinition(description = "Longest delay between connection attempts, in ms.")
    long reconnectMaxMillis() default 30_000;

    @AttributeDefinition(description = "Calls in flight at once (Dobby has 49 reply slots).")
    int maxConcurrentCalls() default 16;

    @AttributeDefinition(description = "Rank of the ContainerRuntime service (the runc provider has 100).")
    int service_ranking() default 200;
}
