package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import io.ociplane.jsonrpc.spi.JsonRpcPlugin;

/**
 * The plugin SPI lives in its own bundle (jsonrpc-api), so the host bundle (jsonrpc-http) can be updated and
 * refreshed, as FileInstall does with a new jar in the deploy directory, without touching a plugin: no plugin
 * bundle is stopped, re-resolved or started, every plugin keeps its {@link JsonRpcPlugin} service (same service id,
 * same component instance), and each serves again through the new host (docs/bundles.md).
 */
public class PluginsOutliveHostUpdateIT extends InRuntime {

    private static final String HOST = "io.ociplane.jsonrpc-http";
    private static final List<String> PLUGINS = List.of("io.ociplane.ocicontainer-plugin",
            "io.ociplane.containers-compat", "io.ociplane.security-agent", "io.ociplane.demo-plugin");
    private static final String ACL = "{\"assign\":[{\"url\":\"https://it.example\",\"role\":\"all\"}],"
            + "\"roles\":{\"all\":{\"default\":\"allowed\"}}}";

    @Inject
    private ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws IOException {
        Path work = RuntimeOptions.tempDir("outlive");
        return RuntimeOptions.runtime(Set.of(), RuntimeOptions.allPlugins(work, ACL),
                CoreOptions.systemProperty("io.ociplane.jsonrpc.insecure").value("false"));
    }

    /**
     * What must not change in a plugin bundle: its state, its revision and its plugin services (service id to
     * service object). An immediate component keeps its instance too; SCR disposes of a delayed one's instance when
     * its last user, the old host, lets go, and makes a new one for the new host (same service, same id).
     */
    private record PluginBundle(int state, BundleRevision revision, Map<Long, Object> plugins, boolean immediate) {
    }

    @Test
    public void updatingAndRefreshingTheHostLeavesEveryPluginAlone() throws Exception {
        Rpc rpc = new Rpc();
        awaitServing(rpc, "before the update");
        Bundle host = bundle(HOST);
        BundleRevision hostBefore = host.adapt(BundleRevision.class);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        assertEquals("bundles a refresh of the host takes with it", Set.of(host),
                Set.copyOf(wiring.getDependencyClosure(List.of(host))));
        Map<String, PluginBundle> before = plugins();
        List<String> pluginEvents = new CopyOnWriteArrayList<>();
        BundleListener listener = e -> {
            if (PLUGINS.contains(e.getBundle().getSymbolicName())) {
                pluginEvents.add(e.getBundle().getSymbolicName() + " " + type(e.getType()));
            }
        };
        context.addBundleListener(listener);
        try {
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty(RuntimeOptions.BUNDLES),
                    "jsonrpc-http.jar"))) {
                host.update(in);
            }
            refresh(wiring, host);
            awaitServing(rpc, "after the update and refresh");
        } finally {
            context.removeBundleListener(listener);
        }
        assertNotEquals("the host runs a new revision", hostBefore, host.adapt(BundleRevision.class));
        assertEquals("bundle events of the plugins", List.of(), pluginEvents);
        Map<String, PluginBundle> after = plugins();
        int kept = 0;
        for (String name : PLUGINS) {
            PluginBundle was = before.get(name);
            PluginBundle is = after.get(name);
            assertEquals(name + " state", was.state(), is.state());
            assertSame(name + " revision", was.revision(), is.revision());
            assertEquals(name + " plugin services (ids)", was.plugins().keySet(), is.plugins().keySet());
            if (was.immediate()) {
                for (Map.Entry<Long, Object> service : was.plugins().entrySet()) {
                    assertSame(name + " component instance of service " + service.getKey(), service.getValue(),
                            is.plugins().get(service.getKey()));
                    kept++;
                }
            }
        }
        assertTrue("no immediate plugin component to check", kept > 0);
    }

    /** Refreshes the host as FileInstall does after an update, and waits for the refresh to end. */
    private static void refresh(FrameworkWiring wiring, Bundle host) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        List<FrameworkEvent> outcome = new ArrayList<>(1);
        wiring.refreshBundles(List.of(host), e -> {
            outcome.add(e);
            done.countDown();
        });
        assertTrue("refresh ended within " + WAIT, done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("refresh outcome", FrameworkEvent.PACKAGES_REFRESHED, outcome.get(0).getType());
    }

    private Map<String, PluginBundle> plugins() throws Exception {
        Map<String, PluginBundle> byName = new LinkedHashMap<>();
        for (String name : PLUGINS) {
            Bundle b = bundle(name);
            Map<Long, Object> services = new LinkedHashMap<>();
            ServiceReference<?>[] registered = b.getRegisteredServices();
            for (ServiceReference<?> ref : registered == null ? new ServiceReference<?>[0] : registered) {
                if (List.of((String[]) ref.getProperty("objectClass")).contains(JsonRpcPlugin.class.getName())) {
                    services.put((Long) ref.getProperty("service.id"), instance(ref));
                }
            }
            assertFalse(name + " registers a JsonRpcPlugin", services.isEmpty());
            boolean immediate = scr.getComponentDescriptionDTOs(b).stream().allMatch(d -> d.immediate);
            byName.put(name, new PluginBundle(b.getState(), b.adapt(BundleRevision.class), services, immediate));
        }
        return byName;
    }

    /** The service object (the component instance for a singleton DS component); the use is given back at once. */
    private Object instance(ServiceReference<?> ref) {
        Object service = context.getService(ref);
        context.ungetService(ref);
        return service;
    }

    private static void awaitServing(Rpc rpc, String when) {
        for (String callsign : List.of("org.rdk.OCIContainer", "Containers", "SecurityAgent", "Demo")) {
            Rpc.await(callsign + " activated " + when, WAIT, () -> rpc.call("Controller.1.status@" + callsign, null)
                    .body().contains("\"state\":\"activated\""));
        }
        Rpc.await("org.rdk.OCIContainer serves " + when, WAIT, () -> rpc.call("org.rdk.OCIContainer.1.listContainers",
                null).json().path("result").path("success").asBoolean());
        assertTrue(when, rpc.call("Containers.1.containers", null).json().has("result"));
        assertEquals(when, "pong", rpc.call("Demo.1.ping", null).json().path("result").asText());
        String token = rpc.call("SecurityAgent.1.createtoken", "{\"url\":\"https://it.example\"}").json()
                .path("result").path("token").asText();
        assertFalse(when + ": a token", token.isEmpty());
        assertTrue(when, rpc.call("SecurityAgent.1.validate", "{\"token\":\"" + token + "\"}").json().path("result")
                .path("valid").asBoolean());
    }

    private static String type(int bundleEventType) {
        return switch (bundleEventType) {
            case BundleEvent.STARTING -> "STARTING";
            case BundleEvent.STARTED -> "STARTED";
            case BundleEvent.STOPPING -> "STOPPING";
            case BundleEvent.STOPPED -> "STOPPED";
            case BundleEvent.RESOLVED -> "RESOLVED";
            case BundleEvent.UNRESOLVED -> "UNRESOLVED";
            case BundleEvent.UPDATED -> "UPDATED";
            default -> "event " + bundleEventType;
        };
    }
}
