package io.ociplane.oci.dobby.server;

import java.util.Dictionary;
import java.util.Map;

import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.ComponentInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.bus.ServedBackend;

/**
 * The Dobby-compatible service as a component: off until configured (PID {@value #PID}), backed by the best
 * ContainerRuntime that is not a Dobby client (which could be talking to this very service). A better provider
 * arriving restarts the service, as a daemon restart would. While it owns the Dobby name a {@link ServedBackend}
 * ({@link ServedBackendService}) says so, so that a Dobby client of this framework talking to it can say whose
 * containers it shows.
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
    @Reference(target = "(component.factory=" + ServedBackendService.FACTORY + ")")
    private ComponentFactory<ServedBackendService> servedBackends;
    private ComponentInstance<ServedBackendService> served; // guarded by this

    @Reference(name = "backend", target = NOT_DOBBY, policyOption = ReferencePolicyOption.GREEDY)
    void setBackend(ContainerRuntime runtime, Map<String, Object> properties) {
        backend = runtime;
        backendServiceId = (Long) properties.get("service.id");
    }

    @Activate
    void activate(DobbyServerConfig config) {
        server = new DobbyServer(backend, config, new DobbyServer.Serving() {
            @Override
            public void claiming(String uniqueName) {
                announce(ServedBackendService.properties(config.busAddress(), uniqueName, backendServiceId));
            }

            @Override
            public void released() {
                announce(null);
            }
        });
        server.start();
    }

    @Deactivate
    void deactivate() {
        server.close();
        announce(null);
    }

    /** Says what is served now (null: nothing), in place of what was said before. */
    private synchronized void announce(Dictionary<String, Object> now) {
        if (served != null) {
            served.dispose(); // nothing happens when DS disposed of it already (the bundle stops)
            served = null;
        }
        if (now != null) {
            served = servedBackends.newInstance(now);
        }
    }
}
