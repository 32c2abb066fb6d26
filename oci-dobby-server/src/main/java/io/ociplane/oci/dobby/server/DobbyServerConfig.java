package io.ociplane.oci.dobby.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.ociplane.oci.dobby.bus.BusAddresses;
import io.ociplane.oci.dobby.bus.DobbyNames;

@ObjectClassDefinition(name = "Dobby-compatible D-Bus service",
        description = "Owns the Dobby name on a bus and serves Dobby's admin1/ctrl1 interfaces, backed by another"
                + " container provider (never the Dobby client). Off unless configured.")
public @interface DobbyServerConfig {

    @AttributeDefinition(description = "Bus to serve on (unix:path=... only).")
    String busAddress() default BusAddresses.SYSTEM_BUS;

    @AttributeDefinition(description = "Well-known name to own (legacy firmware: com.sky.dobby).")
    String serviceName() default DobbyNames.RDK_SERVICE_NAME;

    @AttributeDefinition(description = "The one object path (legacy: /com/sky/dobby).")
    String objectPath() default DobbyNames.RDK_OBJECT_PATH;

    @AttributeDefinition(description = "Interface prefix: <prefix>.admin1, <prefix>.ctrl1 (legacy: com.sky.dobby).")
    String interfacePrefix() default DobbyNames.RDK_INTERFACE_PREFIX;

    @AttributeDefinition(description = "Serve StartFromSpec and Start as its alias (LEGACY_COMPONENTS build).")
    boolean legacyComponents() default true;

    @AttributeDefinition(description = "Imitate a DOBBY_PROD build: no StartFromBundle, Exec always false.")
    boolean prodBuild() default false;

    @AttributeDefinition(description = "Send StoppedWithStatus before Stopped (off: a daemon from before 2023-09).")
    boolean emitStoppedWithStatus() default true;

    @AttributeDefinition(description = "First delay before connecting again after losing the bus, in ms.")
    long reconnectMinMillis() default 250;

    @AttributeDefinition(description = "Longest delay between connection attempts, in ms.")
    long reconnectMaxMillis() default 30_000;

    @AttributeDefinition(description = "Filter selecting the backing ContainerRuntime.")
    String backend_target() default DobbyServerComponent.NOT_DOBBY;
}
