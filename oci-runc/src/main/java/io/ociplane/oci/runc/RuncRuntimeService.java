package io.ociplane.oci.runc;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.provider.ForwardingRuntime;

/**
 * The runc provider's {@link ContainerRuntime} service, declared to DS: registered only while the condition
 * {@value RuncReady#CONDITION_ID} is there (DS's satisfying condition), that is while {@link RuncProviderComponent}
 * has the runtime open, and forwarding to that runtime. Its properties are the provider's configuration, so
 * {@code service.ranking} (100 by default) comes from there; a changed configuration updates them in place.
 */
@Component(service = ContainerRuntime.class, configurationPid = RuncProviderComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@SatisfyingConditionTarget("(" + org.osgi.service.condition.Condition.CONDITION_ID + "=" + RuncReady.CONDITION_ID
        + ")")
public final class RuncRuntimeService extends ForwardingRuntime {

    /**
     * @param ready the open runtime (the satisfying condition's service)
     * @param config the configuration, whose attributes (and their defaults) are the service's properties
     */
    @Activate
    public RuncRuntimeService(@Reference(name = "ready") RuncReady ready, RuncProviderConfig config) {
        super(ready.runtime());
    }

    /** A configuration change only changes the service's properties (its ranking); the runtime re-opens itself. */
    @Modified
    void modified() {
        // nothing: DS updates the service properties
    }
}
