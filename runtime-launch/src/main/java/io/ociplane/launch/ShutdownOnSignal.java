package io.ociplane.launch;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the framework when the JVM is asked to exit (SIGTERM, Ctrl-C), so plugins and providers are deactivated
 * and the listener closed cleanly: the executable-jar launcher only deletes its temporary files on exit. A concern
 * of the runnable assembly (run/), not of any bundle it runs.
 */
@Component(immediate = true, service = {})
public class ShutdownOnSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownOnSignal.class);
    private static final long STOP_TIMEOUT_MS = 10_000;

    private Thread hook;

    @Activate
    void activate(BundleContext context) {
        hook = new Thread(() -> stop(context), "framework-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook is what stops us
        }
    }

    private static void stop(BundleContext context) {
        try {
            Framework framework = (Framework) context.getBundle(0);
            LOG.info("Stopping on signal");
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Framework stop on exit failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
