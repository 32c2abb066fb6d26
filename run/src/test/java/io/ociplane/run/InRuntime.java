package io.ociplane.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What every integration test class shares: Pax Exam runs it in a framework of its own (one per class, configured by
 * its {@code @Configuration} method, see {@link RuntimeOptions}), and its test methods run inside, with the
 * framework's context and ConfigAdmin injected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public abstract class InRuntime {

    /** How long a test waits for what the runtime does by itself (a plugin activating, a provider arriving). */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    /** The runtime of a class that configures none of its own: every bundle but the runc provider, and Demo. */
    @Configuration
    public Option[] config() throws Exception {
        return RuntimeOptions.runtime(Set.of(), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi")));
    }

    /** The installed bundle of that symbolic name. */
    protected Bundle bundle(String symbolicName) {
        return installed(symbolicName).orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** The installed bundle of that symbolic name, if there is one. */
    protected Optional<Bundle> installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }
}
