package io.ociplane.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Hashtable;

import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.ConfigurationAdmin;

import io.ociplane.testing.PrivateBus;

/**
 * The private dbus-daemon of a test class, on which the Dobby-compatible service and a Dobby client meet. Started in
 * the test driver; its address and pid travel to the framework as system properties, so that the class can configure
 * Dobby on it and stop it from inside (one JVM); a shutdown hook stops it in any case.
 */
final class DobbyBus {

    static final String ADDRESS = "it.dbus.address";
    static final String PID = "it.dbus.pid";
    private static final String SERVER_PID = "io.ociplane.oci.dobby.server";
    private static final String CLIENT_FACTORY_PID = "io.ociplane.oci.dobby";

    private DobbyBus() {
    }

    /** Starts a bus (in the driver); sets {@link #ADDRESS} and {@link #PID} as system properties. */
    static void start() {
        try {
            PrivateBus bus = PrivateBus.start();
            Runtime.getRuntime().addShutdownHook(new Thread(bus::close));
            System.setProperty(ADDRESS, bus.address());
            System.setProperty(PID, Long.toString(bus.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The framework properties that tell the tests inside the framework where the started bus is. */
    static Option frameworkProperties() {
        return CoreOptions.composite(CoreOptions.systemProperty(ADDRESS).value(System.getProperty(ADDRESS)),
                CoreOptions.systemProperty(PID).value(System.getProperty(PID)));
    }

    /**
     * Configures the Dobby-compatible service and a Dobby client instance named {@code clientName} on the bus
     * this JVM's tests started; the client, ranked above the other providers, serves once the service is ready.
     */
    static void configureDobby(ConfigurationAdmin configAdmin, String clientName) throws IOException {
        Hashtable<String, Object> onBus = new Hashtable<>();
        onBus.put("busAddress", System.getProperty(ADDRESS));
        configAdmin.getConfiguration(SERVER_PID, "?").update(onBus);
        configAdmin.getFactoryConfiguration(CLIENT_FACTORY_PID, clientName, "?").update(onBus);
    }

    /** Stops the Dobby bundles while the bus is still there, so their connections close before the daemon goes. */
    static void stopDobbyBundles(BundleContext context) throws BundleException {
        for (Bundle b : context.getBundles()) {
            if ("io.ociplane.oci-dobby".equals(b.getSymbolicName())
                    || "io.ociplane.oci-dobby-server".equals(b.getSymbolicName())) {
                b.stop();
            }
        }
    }

    /** Stops the bus (called inside the framework: same JVM). */
    static void stop() {
        String pid = System.getProperty(PID);
        if (pid != null) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
        }
    }
}
