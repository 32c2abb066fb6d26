package io.ociplane.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The whole runtime with org.rdk.OCIContainer driving containers through D-Bus: the Dobby client provider
 * talks over a private dbus-daemon to the Dobby-compatible service, which is backed by the in-memory provider.
 * The client (ranking 200) wins over the in-memory provider (-100) as soon as the daemon is ready.
 */
public class DobbyRuntimeIT extends OnDobbyBus {

    @Configuration
    public Option[] config() {
        DobbyBus.start();
        return RuntimeOptions.runtime(Set.of("demo-plugin"), Map.of("org.rdk.OCIContainer", OciContainerIT.PLUGIN_FILE),
                DobbyBus.frameworkProperties());
    }

    private static String note(Rpc rpc) {
        return rpc.call("Controller.1.status@org.rdk.OCIContainer", null).json().path("result").path(0).path("note").asText();
    }

    private ServiceReference<?> one(String type, String filter) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(type, filter);
        assertEquals(type + " " + filter, 1, refs == null ? 0 : refs.length);
        return refs[0];
    }

    @Test
    public void ociContainerThroughDbus() throws Exception {
        DobbyBus.configureDobby(configAdmin, "it");

        Rpc rpc = new Rpc();
        Rpc.await("OCIContainer served by the Dobby provider", WAIT, () -> "container provider: dobby".equals(note(rpc)));
        // the service says through DS which provider it serves, and the client's registration mirrors that one, so
        // the plugins list its containers once (docs/providers.md)
        ServiceReference<?> served = one("io.ociplane.oci.dobby.bus.ServedBackend", null);
        assertEquals("io.ociplane.oci-dobby-server", served.getBundle().getSymbolicName());
        Object memory = one("io.ociplane.oci.api.ContainerRuntime",
                "(component.name=io.ociplane.oci.memory.InMemoryRuntime)").getProperty("service.id");
        assertEquals(memory, served.getProperty("ociplane.backend"));
        assertEquals(memory, one("io.ociplane.oci.api.ContainerRuntime", "(ociplane.provider=dobby)")
                .getProperty("ociplane.mirrors"));
        try (WsClient ws = new WsClient(rpc.port(), "/jsonrpc")) {
            for (String ev : new String[] { "onContainerStarted", "onContainerStopped" }) {
                assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", ws.call(1, "org.rdk.OCIContainer.1.register",
                        "{\"event\":\"" + ev + "\",\"id\":\"c\"}", null));
            }
            JsonNode started = rpc.call("org.rdk.OCIContainer.1.startContainer",
                    "{\"containerId\":\"viaDbus\",\"bundlePath\":\"/containers/viaDbus\"}").json();
            // the Dobby-compatible service allocates Dobby's descriptors: a fresh daemon's first is 734
            assertEquals("{\"descriptor\":734,\"success\":true}", started.path("result").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStarted\",\"params\":{\"descriptor\":\"734\",\"name\":\"viaDbus\"}}",
                    ws.next(WAIT));
            assertEquals("{\"containers\":[{\"Descriptor\":734,\"Id\":\"viaDbus\"}],\"success\":true}",
                    rpc.call("org.rdk.OCIContainer.1.listContainers", null).json().path("result").toString());
            assertEquals("Running", rpc.call("org.rdk.OCIContainer.1.getContainerState", "{\"containerId\":\"734\"}")
                    .json().path("result").path("state").asText());
            JsonNode info = rpc.call("org.rdk.OCIContainer.1.getContainerInfo", "{\"containerId\":\"viaDbus\"}").json();
            assertEquals("viaDbus", info.path("result").path("info").path("id").asText());
            assertEquals("{\"success\":true}", rpc.call("org.rdk.OCIContainer.1.pauseContainer",
                    "{\"containerId\":\"viaDbus\"}").json().path("result").toString());
            assertEquals("Paused", rpc.call("org.rdk.OCIContainer.1.getContainerState", "{\"containerId\":\"viaDbus\"}")
                    .json().path("result").path("state").asText());
            assertTrue(rpc.call("org.rdk.OCIContainer.1.stopContainer", "{\"containerId\":\"viaDbus\"}").body()
                    .contains("ERROR_GENERAL")); // Dobby refuses a graceful stop of a paused container
            assertEquals("{\"success\":true}", rpc.call("org.rdk.OCIContainer.1.stopContainer",
                    "{\"containerId\":\"viaDbus\",\"force\":true}").json().path("result").toString());
            assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.onContainerStopped\",\"params\":{\"descriptor\":\"734\",\"name\":\"viaDbus\"}}",
                    ws.await(m -> m.contains("onContainerStopped"), WAIT));
        }
    }
}
