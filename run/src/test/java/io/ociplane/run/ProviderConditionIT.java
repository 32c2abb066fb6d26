package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.junit.AfterClass;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.service.condition.Condition;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.ProviderProblem;

/**
 * The runc provider's service is DS's, registered only while the provider's condition is there
 * (docs/providers.md#registration): with the runtime open, the condition {@code io.ociplane.oci.runc} is registered
 * and is what satisfies the service component's {@code osgi.ds.satisfying.condition} reference; with a state
 * directory it cannot open, the condition and the service are gone and a ProviderProblem says why; back on a good
 * one, both return.
 */
public class ProviderConditionIT extends InRuntime {

    private static final String WORK = "it.condition.work";
    private static final String RUNC_PID = "io.ociplane.oci.runc";
    private static final String CONDITION = "(osgi.condition.id=io.ociplane.oci.runc)";
    private static final String SERVICE_COMPONENT = "io.ociplane.oci.runc.RuncRuntimeService";

    @Inject
    private ServiceComponentRuntime scr;

    @Override
    @Configuration
    public Option[] config() {
        Path work = RuntimeOptions.tempDir("condition");
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory", "oci-dobby", "oci-dobby-server"),
                Map.of("org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE), work.resolve("runc"),
                CoreOptions.systemProperty(WORK).value(work.toString()));
    }

    @AfterClass
    public static void removeCgroups() {
        RuntimeOptions.removeRuncCgroupParent();
    }

    @Test
    public void theServiceIsThereExactlyWhileTheConditionIs() throws Exception {
        Rpc.await("the runc provider's service", WAIT, () -> runcServices().size() == 1);
        ServiceReference<?> condition = awaitCondition();
        ServiceReference<ContainerRuntime> service = runcServices().iterator().next();
        assertEquals(100, service.getProperty("service.ranking"));
        awaitSatisfiedBy(condition);

        Dictionary<String, Object> good = configAdmin.getConfiguration(RUNC_PID, "?").getProperties();
        Path blocked = Files.writeString(Path.of(System.getProperty(WORK)).resolve("not-a-directory"), "x");
        Hashtable<String, Object> bad = copy(good);
        bad.put("stateDir", blocked.resolve("state").toString());
        configAdmin.getConfiguration(RUNC_PID, "?").update(bad);
        Rpc.await("the runc provider's problem", WAIT, () -> problem() != null);
        assertTrue(problem().reason(), problem().reason().startsWith("cannot open its state in " + blocked));
        assertEquals("no service without the condition", Set.of(), Set.copyOf(runcServices()));
        assertEquals("no condition", 0, references(Condition.class, CONDITION).size());

        configAdmin.getConfiguration(RUNC_PID, "?").update(copy(good));
        Rpc.await("the runc provider's service back", WAIT, () -> runcServices().size() == 1 && problem() == null);
        awaitSatisfiedBy(awaitCondition());
    }

    /**
     * Waits until the service component is satisfied by exactly this condition service: right after a
     * reconfiguration SCR may still list the configuration being replaced, with nothing bound.
     */
    private void awaitSatisfiedBy(ServiceReference<?> condition) {
        Long id = (Long) condition.getProperty("service.id");
        Rpc.await("the condition's service " + id + " satisfies the component", WAIT,
                () -> Set.of(id).equals(satisfyingConditions()));
    }

    private ServiceReference<?> awaitCondition() {
        Rpc.await("the condition " + CONDITION, WAIT, () -> references(Condition.class, CONDITION).size() == 1);
        return references(Condition.class, CONDITION).iterator().next();
    }

    /** The service ids the service component's satisfying condition references are bound to, over its configurations. */
    private Set<Long> satisfyingConditions() {
        Set<Long> ids = new java.util.HashSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!SERVICE_COMPONENT.equals(d.name)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                for (SatisfiedReferenceDTO r : c.satisfiedReferences) {
                    if ("osgi.ds.satisfying.condition".equals(r.name)) {
                        assertEquals(CONDITION, r.target);
                        for (var bound : r.boundServices) {
                            ids.add(bound.id);
                        }
                    }
                }
            }
        }
        return ids;
    }

    private Collection<ServiceReference<ContainerRuntime>> runcServices() {
        Collection<ServiceReference<ContainerRuntime>> all = references(ContainerRuntime.class, null);
        all.removeIf(r -> !"io.ociplane.oci-runc".equals(r.getBundle().getSymbolicName()));
        return all;
    }

    private ProviderProblem problem() {
        for (ServiceReference<ProviderProblem> r : references(ProviderProblem.class, null)) {
            if ("io.ociplane.oci-runc".equals(r.getBundle().getSymbolicName())) {
                ProviderProblem p = context.getService(r);
                assertNotNull(p);
                context.ungetService(r);
                return p;
            }
        }
        return null;
    }

    private <S> Collection<ServiceReference<S>> references(Class<S> type, String filter) {
        try {
            return new java.util.ArrayList<>(context.getServiceReferences(type, filter));
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (String k : java.util.Collections.list(d.keys())) {
            h.put(k, d.get(k));
        }
        return h;
    }
}
