package io.ociplane.oci.dobby.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.osgi.util.converter.Converters;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.MountRequest;
import io.ociplane.oci.dobby.bus.DobbyNames;
import io.ociplane.oci.dobby.client.DobbyClient;
import io.ociplane.oci.dobby.client.DobbyClientConfig;
import io.ociplane.oci.dobby.server.DobbyServer;
import io.ociplane.oci.dobby.server.DobbyServerConfig;
import io.ociplane.oci.memory.InMemoryRuntime;
import io.ociplane.testing.PrivateBus;

/**
 * The client under test against the Dobby-compatible service on a private bus: the service plays the daemon. It is
 * backed by the in-memory provider ({@link #DobbyRig(PrivateBus)}) or by any other ({@link #over}, e.g. the runc
 * provider with real containers). Close it (in @AfterEach, or register it as an extension) to stop client, service
 * and the provider it opened; the bus belongs to the test class, and so do the containers a real provider leaves
 * behind.
 */
public final class DobbyRig implements AutoCloseable, AfterEachCallback {

    /** Opens the provider that backs the service. */
    @FunctionalInterface
    public interface ProviderOpener {
        ContainerRuntime open() throws Exception;
    }

    /** The in-memory provider when it backs the service, else null. */
    public final InMemoryRuntime memory;
    /** The provider that backs the service (each server started subscribes on it; tests may too). */
    public final ContainerRuntime provider;
    /** What the service is given: the provider, with a gate to make it hang. */
    public final GatedRuntime backend;
    public final RecordingHost host = new RecordingHost();
    private final PrivateBus bus;
    private DobbyServer server;
    private DobbyClient client;

    /** Backed by a fresh in-memory provider. */
    public DobbyRig(PrivateBus bus) {
        this(bus, new InMemoryRuntime());
    }

    private DobbyRig(PrivateBus bus, ContainerRuntime provider) {
        this.bus = bus;
        this.provider = provider;
        this.memory = provider instanceof InMemoryRuntime m ? m : null;
        this.backend = new GatedRuntime(provider);
    }

    /** Backed by the provider {@code opener} opens; {@link #close()} closes it if it is AutoCloseable. */
    public static DobbyRig over(PrivateBus bus, ProviderOpener opener) throws Exception {
        return new DobbyRig(bus, opener.open());
    }

    /** A client on this bus with fast reconnects and short call timeouts (for the stall tests), and these attributes. */
    public DobbyClientConfig clientConfig(Map<String, Object> attributes) {
        Map<String, Object> all = new HashMap<>(Map.of("busAddress", bus.address(), "reconnectMinMillis", 20,
                "reconnectMaxMillis", 200, "callTimeoutMillis", 5_000, "startTimeoutMillis", 5_000));
        all.putAll(attributes);
        return config(all, DobbyClientConfig.class);
    }

    public DobbyClientConfig clientConfig() {
        return clientConfig(Map.of());
    }

    /** The service on this bus with fast reconnects, and these attributes. */
    public DobbyServerConfig serverConfig(Map<String, Object> attributes) {
        Map<String, Object> all = new HashMap<>(Map.of("reconnectMinMillis", 20, "reconnectMaxMillis", 200));
        all.putAll(attributes);
        return serverConfig(bus.address(), all);
    }

    public DobbyServerConfig serverConfig() {
        return serverConfig(Map.of());
    }

    /** The service on {@code busAddress} with these attributes and the defaults for the others. */
    public static DobbyServerConfig serverConfig(String busAddress, Map<String, Object> attributes) {
        Map<String, Object> all = new HashMap<>(attributes);
        all.put("busAddress", busAddress);
        return config(all, DobbyServerConfig.class);
    }

    /** The attributes that give a client or the service these names. */
    public static Map<String, Object> names(DobbyNames names) {
        return Map.of("serviceName", names.serviceName(), "objectPath", names.objectPath(), "interfacePrefix",
                names.interfacePrefix());
    }

    /** A configuration with these attributes and the defaults for the others, made as DS makes it. */
    private static <T> T config(Map<String, Object> attributes, Class<T> type) {
        return Converters.standardConverter().convert(attributes).to(type);
    }

    /** Starts (or restarts) the daemon's stand-in and waits until it owns the name. */
    public DobbyServer startServer(DobbyServerConfig config) throws InterruptedException {
        server = new DobbyServer(backend.runtime(), config);
        server.start();
        if (!server.awaitServing(Duration.ofSeconds(10))) {
            throw new AssertionError("the Dobby service did not come up");
        }
        return server;
    }

    public DobbyServer startServer() throws InterruptedException {
        return startServer(serverConfig());
    }

    public void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public DobbyClient startClient(DobbyClientConfig config) {
        client = new DobbyClient(config, host);
        client.start();
        return client;
    }

    /** Server and client with the defaults; returns the published runtime. */
    public ContainerRuntime startBoth() throws InterruptedException {
        startServer();
        startClient(clientConfig());
        return host.awaitPublished();
    }

    public DobbyClient client() {
        return client;
    }

    /** A call that fails with {@code reason}. */
    public static void assertReason(Reason reason, Executable call) {
        ContainerException e = assertThrows(ContainerException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
    }

    /** Every call about a container the runtime does not have is NOT_FOUND. */
    public static void assertEveryCallNotFound(ContainerRuntime runtime, String id) {
        for (Executable call : List.<Executable>of(() -> runtime.state(id), () -> runtime.networkInterfaces(id),
                () -> runtime.info(id), () -> runtime.stop(id, false), () -> runtime.pause(id),
                () -> runtime.resume(id), () -> runtime.hibernate(id, ""), () -> runtime.wakeup(id),
                () -> runtime.exec(id, "", "ls"), () -> runtime.mount(id, new MountRequest("/a", "/b",
                        List.of("bind"), "")), () -> runtime.unmount(id, "/b"), () -> runtime.annotate(id, "k", "v"),
                () -> runtime.removeAnnotation(id, "k"))) {
            assertReason(Reason.NOT_FOUND, call);
        }
    }

    /** As an extension of a test ({@code @RegisterExtension}), the rig closes after each test. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        backend.openGate();
        try {
            if (client != null) {
                client.close();
                client = null;
            }
        } finally {
            try {
                stopServer();
            } finally {
                if (memory == null && provider instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("closing " + provider.name() + " failed", e);
                    }
                }
            }
        }
    }
}
