package io.ociplane.oci.api.consumer;

import java.util.Map;

import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;

/**
 * The base of a DS component that serves containers (a plugin): its references bind every
 * {@link ContainerRuntime} and every {@link ProviderProblem} there is into its {@link #providers}, and the events
 * of the providers it serves come to {@link #containerEvent}. The references are declared here once; bnd adds them
 * to each subclass's component description ({@code -dsannotations-options: inherit}, cnf/common.bnd). Calls made
 * while a provider is being replaced wait for it, up to {@link Providers#DEFAULT_GRACE_MILLIS} ms
 * (docs/providers.md).
 */
public abstract class ProviderConsumer {

    /** Every provider there is; new containers start on the highest-ranked. */
    protected final Providers providers = new Providers(Providers.DEFAULT_GRACE_MILLIS, this::containerEvent);

    /** An event of a provider this consumer serves, on that provider's event thread. */
    protected abstract void containerEvent(ContainerRuntime provider, ContainerEvent event);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            updated = "updatedRuntime")
    public void bindRuntime(ContainerRuntime runtime, Map<String, Object> properties) {
        providers.bind(runtime, properties);
    }

    public void updatedRuntime(ContainerRuntime runtime, Map<String, Object> properties) {
        providers.updated(runtime, properties);
    }

    public void unbindRuntime(ContainerRuntime runtime) {
        providers.unbind(runtime);
    }

    /** Providers that are installed but cannot serve say why; the reasons go into the note and the errors. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindProblem(ProviderProblem problem) {
        providers.addProblem(problem);
    }

    public void unbindProblem(ProviderProblem problem) {
        providers.removeProblem(problem);
    }
}
