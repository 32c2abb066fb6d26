package io.ociplane.oci.dobby.server;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerListener;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * The Dobby-compatible service as a component: off until configured (PID {@value #PID}), backed by the best
 * ContainerRuntime that is not a Dobby client (which could be talking to this very service). A better provider
 * arriving restarts the service, as a daemon restart would. It listens to the providers' events as a
 * ContainerListener and keeps those of its backing provider.
 */
@Component(configurationPid = DobbyServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ContainerListener.class, immediate = true)
@Designate(ocd = DobbyServerConfig.class)
public class DobbyServerComponent implements ContainerListener {

    public static final String PID = "io.ociplane.oci.dobby.server";
    /** Every provider but the Dobby clients, which mark their services with this property. */
    public static final String NOT_DOBBY = "(!(ociplane.provider=dobby))";

    @Reference(name = "backend", target = NOT_DOBBY, policyOption = ReferencePolicyOption.GREEDY)
    private ContainerRuntime backend;

    private volatile DobbyServer server;

    @Activate
    void activate(DobbyServerConfig config) {
        DobbyNames names = new DobbyNames(config.serviceName(), config.objectPath(), config.interfacePrefix());
        ServerSettings settings = new ServerSettings(config.busAddress(), names, config.legacyComponents(),
                config.prodBuild(), config.emitStoppedWithStatus(), config.reconnectMinMillis(),
                config.reconnectMaxMillis());
        DobbyServer started = new DobbyServer(backend, settings);
        started.start();
        server = started;
    }

    @Deactivate
    void deactivate() {
        DobbyServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        DobbyServer running = server;
        if (running != null) {
            running.listener().containerEvent(event);
        }
    }
}
