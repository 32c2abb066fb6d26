package io.ociplane.oci.dobby.client;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
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
import io.ociplane.oci.api.ProviderProblem;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.bus.ServedBackend;

/**
 * The Dobby provider as a component. With no configuration one instance watches the system bus for
 * {@code org.rdk.dobby}; each factory configuration of PID {@value #PID} makes one instance instead (DS optional
 * policy). The ContainerRuntime service is registered only while the daemon is there and ready, with
 * {@code ociplane.provider=dobby} so that the Dobby-compatible service never binds to a client of itself. When the
 * daemon is the Dobby-compatible service of this framework ({@link ServedBackend}), the registration names the
 * provider behind it ({@link ContainerRuntime#MIRRORS}), whose containers this client shows again.
 */
@Component(configurationPid = DobbyClientComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = DobbyClientConfig.class, factory = true)
public class DobbyClientComponent {

    public static final String PID = "io.ociplane.oci.dobby";
    public static final String PROVIDER_PROPERTY = "ociplane.provider";

    private static final Logger LOG = LoggerFactory.getLogger(DobbyClientComponent.class);

    /** The Dobby-compatible services of this framework that own their name now. */
    private final List<ServedBackend> served = new CopyOnWriteArrayList<>();
    private final Object registrationLock = new Object();
    private ServiceRegistration<ContainerRuntime> registration; // guarded by registrationLock
    private ServiceRegistration<ProviderProblem> problem; // guarded by registrationLock
    private boolean closed; // guarded by registrationLock: deactivated, nothing is registered any more

    /** Why this provider does not serve now (docs/readiness.md). */
    private record Problem(String provider, String reason) implements ProviderProblem {
    }
    private DobbyClient client;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindServed(ServedBackend s) {
        served.add(s);
    }

    void unbindServed(ServedBackend s) {
        served.remove(s);
    }

    @Activate
    void activate(BundleContext context, DobbyClientConfig config) {
        if (!config.enabled()) {
            LOG.info("Dobby provider disabled by configuration");
            return;
        }
        ClientSettings settings = new ClientSettings(config.busAddress(),
                new DobbyNames(config.serviceName(), config.objectPath(), config.interfacePrefix()),
                config.callTimeoutMillis(), config.startTimeoutMillis(), config.readyTimeoutMillis(),
                config.pingAttempts(), config.reconnectMinMillis(), config.reconnectMaxMillis(),
                config.maxConcurrentCalls(), config.service_ranking());
        ServiceHost host = new ServiceHost(context, settings);
        host.waiting("waiting for " + settings.names().serviceName() + " on " + settings.busAddress());
        client = new DobbyClient(settings, host);
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
        ServiceRegistration<?> registered;
        ServiceRegistration<?> said;
        synchronized (registrationLock) {
            registered = registration;
            registration = null;
            said = problem;
            problem = null;
        }
        unregister(registered);
        unregister(said);
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    /** Registers the runtime while the daemon is ready, and says why it is not registered otherwise. */
    private final class ServiceHost implements DobbyClient.Host {
        private final BundleContext context;
        private final ClientSettings settings;

        ServiceHost(BundleContext context, ClientSettings settings) {
            this.context = context;
            this.settings = settings;
        }

        @Override
        public void publish(ContainerRuntime runtime, String daemon) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Constants.SERVICE_RANKING, settings.ranking());
            props.put(PROVIDER_PROPERTY, DobbyRuntime.NAME);
            props.put("dobby.busAddress", settings.busAddress());
            props.put("dobby.serviceName", settings.names().serviceName());
            for (ServedBackend s : served) {
                if (s.busAddress().equals(settings.busAddress()) && s.uniqueName().equals(daemon)) {
                    props.put(ContainerRuntime.MIRRORS, s.backendServiceId());
                }
            }
            // not under the lock: registering calls into consumers; only the control thread publishes and withdraws
            ServiceRegistration<ContainerRuntime> registered = context.registerService(ContainerRuntime.class, runtime,
                    props);
            ServiceRegistration<ProviderProblem> said;
            synchronized (registrationLock) {
                registration = registered;
                said = problem;
                problem = null;
            }
            unregister(said);
        }

        @Override
        public void withdraw(ContainerRuntime runtime) {
            unregister();
            waiting(settings.names().serviceName() + " left " + settings.busAddress() + "; waiting for it to return");
        }

        /** Says why the runtime is not registered, until it is. */
        void waiting(String reason) {
            ServiceRegistration<ProviderProblem> said = context.registerService(ProviderProblem.class,
                    new Problem(DobbyRuntime.NAME, reason), null);
            ServiceRegistration<ProviderProblem> before;
            synchronized (registrationLock) {
                before = closed ? said : problem;
                problem = closed ? null : said;
            }
            unregister(before);
        }
    }
}
