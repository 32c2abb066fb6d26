package io.ociplane.oci.dobby.server;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.bus.ServedBackend;

/**
 * The Dobby-compatible service as a component: off until configured (PID {@value #PID}), backed by the best
 * ContainerRuntime that is not a Dobby client (which could be talking to this very service). A better provider
 * arriving restarts the service, as a daemon restart would. While it owns the Dobby name it registers a
 * {@link ServedBackend}, so that a Dobby client of this framework talking to it can say whose containers it shows.
 */
@Component(configurationPid = DobbyServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {}, immediate = true)
@Designate(ocd = DobbyServerConfig.class)
public class DobbyServerComponent {

    public static final String PID = "io.ociplane.oci.dobby.server";
    /** Every provider but the Dobby clients, which mark their services with this property. */
    public static final String NOT_DOBBY = "(!(ociplane.provider=dobby))";

    private ContainerRuntime backend;
    private long backendServiceId;
    private DobbyServer server;
    private ServiceRegistration<ServedBackend> served; // guarded by this

    @Reference(name = "backend", target = NOT_DOBBY, policyOption = ReferencePolicyOption.GREEDY)
    void setBackend(ContainerRuntime runtime, Map<String, Object> properties) {
        backend = runtime;
        backendServiceId = (Long) properties.get("service.id");
    }

    @Activate
    void activate(BundleContext context, DobbyServerConfig config) {
        DobbyNames names = new DobbyNames(config.serviceName(), config.objectPath(), config.interfacePrefix());
        ServerSettings settings = new ServerSettings(config.busAddress(), names, config.legacyComponents(),
                config.prodBuild(), config.emitStoppedWithStatus(), config.reconnectMinMillis(),
                config.reconnectMaxMillis());
        server = new DobbyServer(backend, settings, new DobbyServer.Serving() {
            @Override
            public void claiming(String uniqueName) {
                announce(context, new ServedBackend(settings.busAddress(), uniqueName, backendServiceId));
            }

            @Override
            public void released() {
                announce(context, null);
            }
        });
        server.start();
    }

    @Deactivate
    void deactivate() {
        server.close();
        announce(null, null);
    }

    /** Registers what is served now (null: nothing), in place of what was registered before. */
    private synchronized void announce(BundleContext context, ServedBackend now) {
        if (served != null) {
            try {
                served.unregister();
            } catch (IllegalStateException e) {
                // gone with the bundle
            }
            served = null;
        }
        if (now != null) {
            served = context.registerService(ServedBackend.class, now, null);
        }
    }
}
