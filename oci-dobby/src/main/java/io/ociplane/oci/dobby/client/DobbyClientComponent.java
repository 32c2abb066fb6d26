package io.ociplane.oci.dobby.client;

import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.ComponentInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.provider.ProblemReport;
import io.ociplane.oci.dobby.bus.ServedBackend;

/**
 * The Dobby provider as a component. With no configuration one instance watches the system bus for
 * {@code org.rdk.dobby}; each factory configuration of PID {@value #PID} makes one instance instead (DS optional
 * policy). While the daemon is there and ready, an instance of {@link DobbyRuntimeService} is the ContainerRuntime
 * service, with {@code ociplane.provider=dobby} so that the Dobby-compatible service never binds to a client of
 * itself; while it is not, an instance of {@link DobbyProblem} says why. When the daemon is the Dobby-compatible
 * service of this framework ({@link ServedBackend}), the registration names the provider behind it
 * ({@link ContainerRuntime#MIRRORS}), whose containers this client shows again. These registrations change with
 * the daemon, not with the configuration, so they are DS factory instances rather than a component gated by a
 * condition (docs/providers.md#registration).
 */
@Component(configurationPid = DobbyClientComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = DobbyClientConfig.class, factory = true)
public class DobbyClientComponent {

    public static final String PID = "io.ociplane.oci.dobby";
    public static final String PROVIDER_PROPERTY = "ociplane.provider";

    private static final Logger LOG = LoggerFactory.getLogger(DobbyClientComponent.class);

    @Reference(target = "(component.factory=" + DobbyRuntimeService.FACTORY + ")")
    private ComponentFactory<DobbyRuntimeService> runtimes;
    @Reference(target = "(component.factory=" + DobbyProblem.FACTORY + ")")
    private ComponentFactory<DobbyProblem> problems;

    /** The Dobby-compatible services of this framework that own their name now, with what they say. */
    private final Map<ServedBackend, Map<String, Object>> served = new ConcurrentHashMap<>();
    private final Object registrationLock = new Object();
    private ComponentInstance<DobbyRuntimeService> registration; // guarded by registrationLock
    private ComponentInstance<DobbyProblem> problem; // guarded by registrationLock
    private boolean closed; // guarded by registrationLock: deactivated, nothing is registered any more
    private DobbyClient client;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindServed(ServedBackend s, Map<String, Object> properties) {
        served.put(s, properties);
    }

    void unbindServed(ServedBackend s) {
        served.remove(s);
    }

    @Activate
    void activate(DobbyClientConfig config) {
        if (!config.enabled()) {
            LOG.info("Dobby provider disabled by configuration");
            return;
        }
        ServiceHost host = new ServiceHost(config);
        host.waiting("waiting for " + config.serviceName() + " on " + config.busAddress());
        client = new DobbyClient(config, host);
        client.start();
    }

    @Deactivate
    void deactivate() {
        synchronized (registrationLock) {
            closed = true;
        }
        if (client != null) {
            client.close();
        }
        unregister();
    }

    private void unregister() {
        ComponentInstance<?> registered;
        ComponentInstance<?> said;
        synchronized (registrationLock) {
            registered = registration;
            registration = null;
            said = problem;
            problem = null;
        }
        dispose(registered);
        dispose(said);
    }

    private static void dispose(ComponentInstance<?> instance) {
        if (instance != null) {
            instance.dispose(); // nothing happens when DS disposed it already (the bundle stops)
        }
    }

    /** Registers the runtime while the daemon is ready, and says why it is not registered otherwise. */
    private final class ServiceHost implements DobbyClient.Host {
        private final DobbyClientConfig config;

        ServiceHost(DobbyClientConfig config) {
            this.config = config;
        }

        @Override
        public void publish(ContainerRuntime runtime, String daemon) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(DobbyRuntimeService.RUNTIME, runtime);
            props.put(Constants.SERVICE_RANKING, config.service_ranking());
            props.put(PROVIDER_PROPERTY, DobbyRuntime.NAME);
            props.put("dobby.busAddress", config.busAddress());
            props.put("dobby.serviceName", config.serviceName());
            for (Map<String, Object> s : served.values()) {
                if (config.busAddress().equals(s.get(ServedBackend.BUS_ADDRESS))
                        && Objects.equals(daemon, s.get(ServedBackend.UNIQUE_NAME))) {
                    props.put(ContainerRuntime.MIRRORS, s.get(ServedBackend.BACKEND));
                }
            }
            // not under the lock: registering calls into consumers; only the control thread publishes and withdraws
            ComponentInstance<DobbyRuntimeService> registered = runtimes.newInstance(props);
            ComponentInstance<?> said;
            synchronized (registrationLock) {
                registration = registered;
                said = problem;
                problem = null;
            }
            dispose(said);
        }

        @Override
        public void withdraw(ContainerRuntime runtime) {
            unregister();
            waiting(config.serviceName() + " left " + config.busAddress() + "; waiting for it to return");
        }

        /** Says why the runtime is not registered, until it is. */
        void waiting(String reason) {
            ComponentInstance<DobbyProblem> said = problems.newInstance(ProblemReport.properties(DobbyRuntime.NAME,
                    reason));
            ComponentInstance<?> before;
            synchronized (registrationLock) {
                before = closed ? said : problem;
                problem = closed ? null : said;
            }
            dispose(before);
        }
    }
}
