package io.ociplane.oci.dobby.client;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.provider.ForwardingRuntime;

/**
 * A Dobby client's {@link ContainerRuntime} service, declared to DS as a factory component: {@link
 * DobbyClientComponent} creates one instance each time its daemon is ready, with the properties of that daemon
 * (ranking, bus, name, and {@link ContainerRuntime#MIRRORS} when the daemon is a Dobby-compatible service of this
 * framework), and disposes it when the daemon goes. It forwards to the client's runtime (docs/providers.md#registration).
 */
@Component(factory = DobbyRuntimeService.FACTORY, service = ContainerRuntime.class)
public final class DobbyRuntimeService extends ForwardingRuntime {

    static final String FACTORY = "io.ociplane.oci.dobby.runtime";
    /** Private component property (not a service property): the client's runtime. */
    static final String RUNTIME = ".runtime";

    @Activate
    public DobbyRuntimeService(Map<String, Object> properties) {
        super((ContainerRuntime) properties.get(RUNTIME));
    }
}
