package io.ociplane.oci.crun;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;

/**
 * Registers a {@link RuncRuntime} as the {@link ContainerRuntime} service when this machine can run containers
 * with the configured runtime, and only then: DS would register a component's service before activating it, so
 * this component provides none itself and registers the runtime after the checks. Without a configuration it
 * runs with the defaults. A configuration change re-opens the runtime; running containers are re-adopted. When it
 * cannot serve it registers a {@link ProviderProblem} with the reason instead, so plugins can tell their callers.
 */
@Component(configurationPid = RuncProviderComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = RuncProviderConfig.class)
public class RuncProviderComponent {

    static final String PID = "io.ociplane.oci.runc";
    private static final Logger LOG = LoggerFactory.getLogger(RuncProviderComponent.class);

    private RuncRuntime runtime;
    private ServiceRegistration<ContainerRuntime> registration;
    private ServiceRegistration<ProviderProblem> problem;

    /** What this provider says when it cannot serve. */
    private record Problem(String provider, String reason) implements ProviderProblem {
    }

    @Activate
    void activate(BundleContext context, RuncProviderConfig config) {
        RuntimeSettings settings;
        try {
            settings = RuntimeSettings.from(config, System.getenv("PATH"));
        } catch (IllegalArgumentException e) {
            unavailable(context, config.runtime(), e.getMessage());
            return;
        }
        if (settings.specInit() == null && !config.specInit().isBlank()) {
            LOG.warn("spec init '{}' not found: Dobby spec containers run their app as pid 1, so a graceful stop of"
                    + " an app without a SIGTERM handler ends in SIGKILL (status 9, where Dobby reports 15)",
                    config.specInit());
        }
        if (settings.netTools().missing() != null) {
            LOG.warn("\"network\":\"nat\" spec containers will be refused: {} missing (docs/networking.md)",
                    settings.netTools().missing());
        }
        StringBuilder version = new StringBuilder();
        Optional<String> problem = Preflight.problem(settings, version);
        if (problem.isPresent()) {
            unavailable(context, settings.runtimeName(), problem.get());
            return;
        }
        try {
            runtime = new RuncRuntime(settings);
        } catch (Exception e) {
            LOG.debug("Opening the runtime state failed", e);
            unavailable(context, settings.runtimeName(), "cannot open its state in " + settings.stateDir() + ": "
                    + describe(e));
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, config.service_ranking());
        props.put("ociplane.runtime", settings.runtimeName());
        registration = context.registerService(ContainerRuntime.class, runtime, props);
        LOG.info("OCI runtime provider ready: {} ({}), state in {}, cgroups under {}, nat on {} {}, {} container(s)"
                + " re-adopted", settings.runtime(), version, settings.stateDir(), settings.cgroupParent(),
                settings.nat().bridge(), settings.nat().cidr(), runtime.list().size());
    }

    /** The failure in words; file system errors without a reason (access denied...) are named by their kind. */
    private static String describe(Exception e) {
        boolean bare = e.getMessage() == null
                || e instanceof java.nio.file.FileSystemException f && f.getReason() == null;
        return bare ? e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                : e.getMessage();
    }

    private void unavailable(BundleContext context, String provider, String reason) {
        LOG.warn("OCI runtime provider not available: {}", reason);
        problem = context.registerService(ProviderProblem.class, new Problem(provider, reason), null);
    }

    @Deactivate
    void deactivate() {
        if (problem != null) {
            problem.unregister();
            problem = null;
        }
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
