package io.ociplane.oci.runc;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.condition.Condition;

/**
 * The condition {@value #CONDITION_ID}: the runc provider is ready, and this is the runtime it opened. An instance
 * exists while {@link RuncProviderComponent} has an open runtime; {@link RuncRuntimeService} is satisfied by it.
 */
@Component(factory = RuncReady.FACTORY, service = {Condition.class, RuncReady.class},
        property = Condition.CONDITION_ID + "=" + RuncReady.CONDITION_ID)
public final class RuncReady implements Condition {

    static final String FACTORY = "io.ociplane.oci.runc.ready";
    /** The {@code osgi.condition.id} of a ready runc provider. */
    public static final String CONDITION_ID = "io.ociplane.oci.runc";
    /** Private component property (not a service property): the opened runtime. */
    static final String RUNTIME = ".runtime";

    private final RuncRuntime runtime;

    @Activate
    public RuncReady(Map<String, Object> properties) {
        this.runtime = (RuncRuntime) properties.get(RUNTIME);
    }

    RuncRuntime runtime() {
        return runtime;
    }
}
