package io.ociplane.run;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A test class with two providers that run containers of their own: the runc provider (ranking 100) and the Dobby
 * provider (200) on a private dbus-daemon, whose Dobby-compatible service is backed by the in-memory provider (not by
 * runc), so that the Dobby daemon can leave and come back while runc's containers keep running. OCIContainer and
 * Containers serve; a busybox bundle ({@code sleep 600}) waits under the Containers plugin's path.
 */
public abstract class RuncAndDobby extends OnDobbyBus {

    static final String OCI = "org.rdk.OCIContainer";
    private static final String SERVER_PID = "io.ociplane.oci.dobby.server";
    private static final String CLIENT_FACTORY_PID = "io.ociplane.oci.dobby";

    /** The container the class runs on runc: names its bundle, the work directory and the Dobby client. */
    private final String name;
    protected Rpc rpc; // made in the framework, where the port is known

    protected RuncAndDobby(String container) {
        this.name = container;
    }

    private String workProperty() {
        return "it." + name + ".work";
    }

    /** The runtime, the plugins falling back to a lower-ranked provider ({@code providerFallback}) when asked. */
    protected Option[] runtime(boolean providerFallback) throws IOException {
        DobbyBus.start();
        Path work = RuntimeOptions.containersDir(name);
        RuntimeOptions.busyboxBundle(work.resolve("bundles/" + name + "/Container"), List.of("sleep", "600"));
        String containers = RuntimeOptions.containersPlugin("Containers", work.resolve("bundles"));
        String oci = OciContainerIT.PLUGIN_FILE;
        if (providerFallback) {
            containers = containers.replace("\"configuration\":{", "\"configuration\":{\"providerFallback\":true,");
            oci = oci.replaceFirst("}$", ",\"configuration\":{\"providerFallback\":true}}");
        }
        return RuntimeOptions.runtimeWithRunc(Set.of("demo-plugin"), Map.of(OCI, oci, "Containers", containers),
                work.resolve("runc"), CoreOptions.systemProperty(workProperty()).value(work.toString()),
                DobbyBus.frameworkProperties());
    }

    @After
    public void removeRealContainers() {
        RuntimeOptions.removeRuncContainers(work().resolve("runc/state/runc"));
    }

    private Path work() {
        return Path.of(System.getProperty(workProperty()));
    }

    /** The busybox bundle the runtime was given, named as the container. */
    protected Path bundle() {
        return work().resolve("bundles/" + name + "/Container");
    }

    /** Waits until OCIContainer's status note names {@code provider} as the one that serves. */
    protected void awaitServedBy(String provider) {
        Rpc.await("OCIContainer served by the " + provider + " provider", WAIT,
                () -> ("container provider: " + provider).equals(rpc.call("Controller.1.status@" + OCI, null).json()
                        .path("result").path(0).path("note").asText()));
    }

    /** The result of a call that must succeed. */
    protected JsonNode result(String method, String params) {
        JsonNode r = rpc.call(method, params).json();
        assertTrue(method + ": " + r, r.has("result"));
        return r.path("result");
    }

    /** A Dobby client on the class's bus; it serves while the Dobby-compatible service is up. */
    protected void dobbyClientUp() throws IOException {
        Hashtable<String, Object> client = new Hashtable<>();
        client.put("busAddress", System.getProperty(DobbyBus.ADDRESS));
        configAdmin.getFactoryConfiguration(CLIENT_FACTORY_PID, name, "?").update(client);
    }

    /** The Dobby-compatible service on the class's bus, backed by the in-memory provider: the Dobby daemon is up. */
    protected void dobbyServiceUp() throws IOException {
        Hashtable<String, Object> server = new Hashtable<>();
        server.put("busAddress", System.getProperty(DobbyBus.ADDRESS));
        server.put("backend.target", "(component.name=io.ociplane.oci.memory.InMemoryRuntime)");
        configAdmin.getConfiguration(SERVER_PID, "?").update(server);
    }

    /** The Dobby daemon goes away. */
    protected void dobbyServiceDown() throws IOException {
        configAdmin.getConfiguration(SERVER_PID, "?").delete();
    }
}
