package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;

/**
 * Run-time changes without a framework restart: plugin files added, changed and removed in the plugins
 * directory, and the plugin bundle installed, updated and uninstalled through the deploy directory. The demo
 * bundle is not installed at start: only its plugin file is there.
 */
public class PluginLifecycleIT extends InRuntime {

    @Configuration
    public Option[] config() {
        return RuntimeOptions.runtime(Set.of("demo-plugin"), Map.of("Demo", RuntimeOptions.demoPlugin("Demo", "hi")));
    }

    private static Path pluginsDir() {
        return Path.of(System.getProperty(RuntimeOptions.PLUGINS));
    }

    private static Path deployDir() {
        return Path.of(System.getProperty(RuntimeOptions.DEPLOY));
    }

    private Bundle demoBundle() {
        for (Bundle b : context.getBundles()) {
            if ("io.ociplane.demo-plugin".equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static String state(Rpc rpc, String callsign) {
        return rpc.call("Controller.1.status@" + callsign, null).json().path("result").path(0).path("state").asText();
    }

    private static boolean pongs(Rpc rpc, String callsign) {
        return "pong".equals(rpc.call(callsign + ".1.ping", null).json().path("result").asText());
    }

    @Test
    public void bundleAndFilesComeAndGoAtRunTime() throws IOException {
        Rpc rpc = new Rpc();
        Rpc.await("host up", WAIT, () -> rpc.call("Controller.1.status", null).status() == 200);

        // 1. the plugin file is there but no bundle implements its class yet
        assertEquals("precondition", state(rpc, "Demo"));
        long askedAt = System.nanoTime();
        JsonRpcWireIT.assertError(rpc.call("Demo.1.ping", null), 2, "Service is not active");
        long answeredMs = (System.nanoTime() - askedAt) / 1_000_000;
        // nothing is restarting: the call must not wait out the 2 s restart grace
        assertTrue("precondition answered after " + answeredMs + " ms", answeredMs < 1000);
        JsonRpcWireIT.assertError(rpc.call("Controller.1.activate", "{\"callsign\":\"Demo\"}"), 31,
                "ERROR_PENDING_CONDITIONS");

        // 2. the bundle is dropped into the deploy directory: installed, started, the plugin activates
        Path deployed = deployDir().resolve("demo-plugin.jar");
        copyAtomically(RuntimeOptions.demoPluginJar(), deployed);
        Rpc.await("Demo activated by the deployed bundle", WAIT, () -> pongs(rpc, "Demo"));
        assertEquals("activated", state(rpc, "Demo"));
        Bundle installed = demoBundle();
        assertNotNull(installed);
        long firstModified = installed.getLastModified();

        // 3. replacing the jar updates the bundle in place; the plugin comes back
        copyAtomically(RuntimeOptions.demoPluginJar(), deployed);
        Files.setLastModifiedTime(deployed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Rpc.await("bundle updated", WAIT, () -> demoBundle() != null && demoBundle().getLastModified() != firstModified
                && demoBundle().getState() == Bundle.ACTIVE);
        assertEquals(installed.getBundleId(), demoBundle().getBundleId());
        Rpc.await("Demo back after the update", WAIT, () -> pongs(rpc, "Demo"));

        // 4. a second plugin file for the same class: a second instance under its own callsign
        Files.writeString(pluginsDir().resolve("Second.json"), RuntimeOptions.demoPlugin("Second", "bonjour"));
        Rpc.await("Second activated", WAIT, () -> pongs(rpc, "Second"));
        assertEquals("bonjour", rpc.call("Second.1.whoami", null).json().path("result").path("greeting").asText());
        assertEquals("hi", rpc.call("Demo.1.whoami", null).json().path("result").path("greeting").asText());

        // 5. changing the file restarts that callsign with the new configuration, and only that one
        rpc.call("Demo.1.counter", "5");
        Files.writeString(pluginsDir().resolve("Second.json.tmp"), RuntimeOptions.demoPlugin("Second", "salut"));
        Files.move(pluginsDir().resolve("Second.json.tmp"), pluginsDir().resolve("Second.json"),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Rpc.await("Second restarted with the new configuration", WAIT, () -> "salut".equals(
                rpc.call("Second.1.whoami", null).json().path("result").path("greeting").asText()));
        assertEquals(5, rpc.call("Demo.1.counter", null).json().path("result").asInt());

        // 6. a file with autostart false: known, deactivated
        Files.writeString(pluginsDir().resolve("Third.json"),
                RuntimeOptions.demoPlugin("Third", "x").replace("\"autostart\":true", "\"autostart\":false"));
        Rpc.await("Third configured", WAIT, () -> rpc.call("Controller.1.status@Third", null).status() == 200);
        assertEquals("deactivated", state(rpc, "Third"));

        // 7. deleting a file removes the callsign
        Files.delete(pluginsDir().resolve("Second.json"));
        Rpc.await("Second removed", WAIT, () -> rpc.call("Second.1.ping", null).json().path("error").path("code")
                .asInt() == -32603);
        assertTrue(pongs(rpc, "Demo"));

        // 8. deleting the jar uninstalls the bundle; the plugin waits for an implementation again
        Files.delete(deployed);
        Rpc.await("bundle uninstalled", WAIT, () -> demoBundle() == null);
        Rpc.await("Demo waiting for its bundle", WAIT, () -> "precondition".equals(state(rpc, "Demo")));
        JsonRpcWireIT.assertError(rpc.call("Demo.1.ping", null), 2, "Service is not active");
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".part");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
