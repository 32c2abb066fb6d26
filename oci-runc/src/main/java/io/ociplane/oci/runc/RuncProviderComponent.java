package io.ociplane.oci.runc;

import java.util.Hashtable;
import java.util.Optional;

import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.ComponentInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.provider.ProblemReport;

/**
 * The runc provider's readiness: checks that this machine can run containers with the configured runtime, opens
 * the runtime on its state directory (re-adopting the containers that still run there) and then publishes the
 * condition {@value RuncReady#CONDITION_ID} ({@link RuncReady}), which lets DS register the
 * {@code ContainerRuntime} service ({@link RuncRuntimeService}). When it cannot serve it reports the reason instead
 * ({@link RuncProblem}), so plugins can tell their callers. Without a configuration it runs with the defaults; a
 * configuration change re-opens the runtime, and running containers are re-adopted (docs/providers.md#registration).
 */
@Component(configurationPid = RuncProviderComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
@Designate(ocd = RuncProviderConfig.class)
public class RuncProviderComponent {

    static final String PID = "io.ociplane.oci.runc";
    private static final Logger LOG = LoggerFactory.getLogger(RuncProviderComponent.class);

    @Reference(target = "(component.factory=" + RuncReady.FACTORY + ")")
    private ComponentFactory<RuncReady> readiness;
    @Reference(target = "(component.factory=" + RuncProblem.FACTORY + ")")
    private ComponentFactory<RuncProblem> problems;

    private RuncRuntime runtime;
    private ComponentInstance<RuncReady> ready;
    private ComponentInstance<RuncProblem> problem;

    @Activate
    void activate(RuncProviderConfig config) {
        RuntimeSetup setup;
        try {
            setup = RuntimeSetup.of(config, System.getenv("PATH"));
        } catch (IllegalArgumentException e) {
            unavailable(config.runtime(), e.getMessage());
            return;
        }
        if (setup.specInit() == null && !config.specInit().isBlank()) {
            LOG.warn("spec init '{}' not found: Dobby spec containers run their app as pid 1, so a graceful stop of"
                    + " an app without a SIGTERM handler ends in SIGKILL (status 9, where Dobby reports 15)",
                    config.specInit());
        }
        if (setup.netTools().missing() != null) {
            LOG.warn("\"network\":\"nat\" spec containers will be refused: {} missing (docs/networking.md)",
                    setup.netTools().missing());
        }
        StringBuilder version = new StringBuilder();
        Optional<String> failed = Preflight.problem(setup, version);
        if (failed.isPresent()) {
            unavailable(setup.runtimeName(), failed.get());
            return;
        }
        try {
            runtime = new RuncRuntime(setup);
        } catch (Exception e) {
            LOG.debug("Opening the runtime state failed", e);
            unavailable(setup.runtimeName(), "cannot open its state in " + setup.stateDir() + ": " + describe(e));
            return;
        }
        LOG.info("OCI runtime provider ready: {} ({}), state in {}, cgroups under {}, nat on {} {}, {} container(s)"
                + " re-adopted", setup.runtime(), version, setup.stateDir(), setup.cgroupParent(),
                setup.nat().bridge(), setup.nat().cidr(), runtime.list().size());
        Hashtable<String, Object> opened = new Hashtable<>();
        opened.put(RuncReady.RUNTIME, runtime);
        ready = readiness.newInstance(opened); // DS registers the ContainerRuntime service within this call
    }

    /** The failure in words; file system errors without a reason (access denied...) are named by their kind. */
    private static String describe(Exception e) {
        boolean bare = e.getMessage() == null
                || e instanceof java.nio.file.FileSystemException f && f.getReason() == null;
        return bare ? e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                : e.getMessage();
    }

    private void unavailable(String provider, String reason) {
        LOG.warn("OCI runtime provider not available: {}", reason);
        problem = problems.newInstance(ProblemReport.properties(provider, reason));
    }

    @Deactivate
    void deactivate() {
        if (problem != null) {
            problem.dispose();
            problem = null;
        }
        if (ready != null) {
            ready.dispose(); // the service goes before the runtime closes
            ready = null;
        }
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
