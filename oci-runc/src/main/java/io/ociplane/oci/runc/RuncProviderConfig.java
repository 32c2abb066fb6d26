package io.ociplane.oci.runc;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the direct OCI runtime provider (PID {@value RuncProviderComponent#PID}). */
@ObjectClassDefinition(name = "OCI runtime provider (runc/crun)",
        description = "Runs containers by driving an OCI runtime command line directly, for machines without Dobby.")
public @interface RuncProviderConfig {

    @AttributeDefinition(description = "The OCI runtime binary: a name looked up on PATH, or an absolute path."
            + " runc and crun share the command line used here.")
    String runtime() default "runc";

    @AttributeDefinition(description = "The provider's state: the runtime's --root (runc/) and one record per"
            + " container (containers/), from which a restarted provider re-adopts running containers."
            + " Containers do not survive a reboot, so a tmpfs such as /run is the right place.")
    String stateDir() default RuntimeSetup.DEFAULT_STATE_DIR;

    @AttributeDefinition(description = "Per-container workspaces: the generated OCI bundle (config.json, and the"
            + " rootfs of a Dobby spec container) and the runtime's log. Must be traversable by the uids"
            + " containers map to (the provider creates it with mode 0711).")
    String workspaceDir() default "/run/ociplane/runc/workspaces";

    @AttributeDefinition(description = "How long a graceful stop waits after SIGTERM before SIGKILL, as Dobby"
            + " (10 polls 50 ms apart).")
    long stopGraceMillis() default 500;

    @AttributeDefinition(description = "How long a start may take until the container's process runs.")
    long startTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "How long any other runtime command (kill, pause, exec, ...) may take.")
    long commandTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "An init for Dobby spec containers, in the role of DobbyInit: pid 1 that"
            + " forwards signals to the app and exits with 128+signal, so a graceful stop reports 15. A name on"
            + " PATH or an absolute path (tini-static from Debian's tini package); empty for none (the app is"
            + " pid 1, ignores SIGTERM unless it handles it, and a graceful stop ends in SIGKILL, status 9).")
    String specInit() default "tini-static";

    @AttributeDefinition(description = "The cgroup under which each container's cgroup <cgroupParent>/<id> is made,"
            + " this runtime's own. Empty: /ociplane with the default stateDir, /ociplane-<8 hex digits of the"
            + " stateDir's SHA-256> with any other, so that two runtimes on one host never share cgroups.")
    String cgroupParent() default "";

    @AttributeDefinition(description = "The bridge of \"network\":\"nat\" spec containers (docs/networking.md):"
            + " made with the first nat container, removed when the provider stops with none. Up to 15 letters,"
            + " digits or '_'. Each runtime on a host needs its own (Dobby's is dobby0).")
    String natBridge() default NatPlan.DEFAULT_BRIDGE;

    @AttributeDefinition(description = "The /24 network of nat containers, as Dobby's network.addressRange (last byte"
            + " 0): the bridge gets .1, containers .2 to .254. Must not overlap any network of the host; beside a"
            + " real Dobby, which uses 100.64.11.0, choose another.")
    String natAddressRange() default NatPlan.DEFAULT_RANGE;

    @AttributeDefinition(description = "Most annotations a container may have (Dobby has no limit; this one keeps"
            + " the container's state record and GetInfo answer small).")
    int maxAnnotations() default 64;

    @AttributeDefinition(description = "Longest annotation key, in UTF-8 bytes.")
    int maxAnnotationKeyBytes() default 256;

    @AttributeDefinition(description = "Longest annotation value, in UTF-8 bytes.")
    int maxAnnotationValueBytes() default 4096;

    @AttributeDefinition(name = "service.ranking", description = "Ranking of the ContainerRuntime service; the"
            + " Dobby provider ranks above it.")
    int service_ranking() default 100;
}
