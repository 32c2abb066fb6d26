package io.ociplane.run;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A private dbus-daemon ({@link DbusDaemon}) for the Pax Exam tests, started in the test driver. Its pid travels to
 * the framework as a system property so the test class can stop it; a shutdown hook stops it in any case.
 */
final class PrivateBus {

    static final String ADDRESS = "it.dbus.address";
    static final String PID = "it.dbus.pid";

    private PrivateBus() {
    }

    /** Starts a bus; sets {@link #ADDRESS} and {@link #PID} as system properties. */
    static void start() {
        try {
            DbusDaemon bus = DbusDaemon.start(RuntimeOptions.tempDir("bus"));
            Runtime.getRuntime().addShutdownHook(new Thread(bus::close));
            System.setProperty(ADDRESS, bus.address());
            System.setProperty(PID, Long.toString(bus.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The framework properties that tell the tests inside the framework where the started bus is. */
    static org.ops4j.pax.exam.Option frameworkProperties() {
        return org.ops4j.pax.exam.CoreOptions.composite(
                org.ops4j.pax.exam.CoreOptions.systemProperty(ADDRESS).value(System.getProperty(ADDRESS)),
                org.ops4j.pax.exam.CoreOptions.systemProperty(PID).value(System.getProperty(PID)));
    }

    /**
     * Configures the Dobby-compatible service and a Dobby client instance named {@code clientName} on the bus
     * this JVM's tests started; the client, ranked above the other providers, serves once the service is ready.
     */
    static void configureDobby(org.osgi.service.cm.ConfigurationAdmin configAdmin, String clientName)
            throws java.io.IOException {
        java.util.Hashtable<String, Object> onBus = new java.util.Hashtable<>();
        onBus.put("busAddress", System.getProperty(ADDRESS));
        configAdmin.getConfiguration("io.ociplane.oci.dobby.server", "?").update(onBus);
        configAdmin.getFactoryConfiguration("io.ociplane.oci.dobby", clientName, "?").update(onBus);
    }

    /** Stops the Dobby bundle while the bus is still there, so its connections close before the daemon goes. */
    static void stopDobbyBundle(org.osgi.framework.BundleContext context) throws org.osgi.framework.BundleException {
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if ("io.ociplane.oci-dobby".equals(b.getSymbolicName())) {
                b.stop();
            }
        }
    }

    /** Stops the bus started by {@link #start()} (called inside the framework: same JVM). */
    static void stop() {
        String pid = System.getProperty(PID);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
        }
    }
}
