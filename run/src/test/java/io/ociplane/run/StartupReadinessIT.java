package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.spi.JsonRpcPlugin;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * The start is honest (docs/readiness.md): {@code Controller.1.readiness} turns true only once the plugins that
 * start activated serve, a provider that cannot serve says why in the plugin's {@code note} and in each refused
 * call (here the runc provider, whose state directory is on a read-only file system), and a plugin's code never runs
 * inside DS's bind callback.
 */
public class StartupReadinessIT extends InRuntime {

    private static final String STATE_MOUNT = "it.readonly.state";
    private static final String READ_ONLY = "Read-only file system";

    @Configuration
    public Option[] config() throws Exception {
        Path readOnly = RuntimeOptions.tempDir("readonly-state");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", readOnly.toString())
                .inheritIO().start();
        assertTrue("mount finished", mount.waitFor(20, TimeUnit.SECONDS));
        assertEquals("mount -o ro tmpfs " + readOnly, 0, mount.exitValue());
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin", "oci-memory"),
                Map.of("org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE), readOnly,
                org.ops4j.pax.exam.CoreOptions.systemProperty(STATE_MOUNT).value(readOnly.toString()));
    }

    @AfterClass
    public static void unmount() throws Exception {
        String dir = System.getProperty(STATE_MOUNT);
        // JUnit may run this both in the driver and in the framework: only a mount that is there is removed
        if (dir != null && Files.readString(Path.of("/proc/self/mounts")).contains(" " + dir + " ")) {
            new ProcessBuilder("umount", dir).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theProvidersReasonReachesTheNoteAndTheCaller() {
        Rpc rpc = new Rpc();
        Rpc.await("start over", Duration.ofSeconds(30),
                () -> rpc.call("Controller.1.readiness", null).json().path("result").path("ready").asBoolean());
        assertEquals("[]", rpc.call("Controller.1.readiness", null).json().path("result").path("waiting").toString());

        JsonNode status = rpc.call("Controller.1.status@org.rdk.OCIContainer", null).json().path("result").path(0);
        assertEquals("activated", status.path("state").asText());
        assertTrue("note: " + status, status.path("note").asText().contains(READ_ONLY));
        assertTrue("note names the provider: " + status, status.path("note").asText().contains("runc: "));

        JsonNode refused = rpc.call("org.rdk.OCIContainer.1.listContainers", null).json();
        assertEquals(refused.toString(), 2, refused.path("error").path("code").asInt());
        assertTrue(refused.toString(), refused.path("error").path("data").asText().contains(READ_ONLY));
    }

    /** A plugin registered by hand whose define() blocks: registering must not wait for it (DS binds in this call). */
    @Test
    public void aPluginsCodeDoesNotRunInsideTheBind() throws Exception {
        CountDownLatch defining = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JsonRpcPlugin slow = events -> {
            defining.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PluginApi.builder().method("ping", () -> "pong").build();
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(JsonRpcPlugin.CALLSIGN, "Slow");
        CompletableFuture<ServiceRegistration<JsonRpcPlugin>> registering = CompletableFuture
                .supplyAsync(() -> context.registerService(JsonRpcPlugin.class, slow, props));
        ServiceRegistration<JsonRpcPlugin> registration = null;
        try {
            assertTrue("define() was called", defining.await(20, TimeUnit.SECONDS));
            registration = registering.get(5, TimeUnit.SECONDS); // before: blocked until define() returned
            release.countDown();
            Rpc rpc = new Rpc();
            Rpc.await("Slow served", Duration.ofSeconds(20), () -> rpc.call("Slow.1.ping", null).body().contains("pong"));
        } finally {
            release.countDown();
            if (registration == null) {
                registration = registering.get(30, TimeUnit.SECONDS);
            }
            registration.unregister();
        }
    }
}
