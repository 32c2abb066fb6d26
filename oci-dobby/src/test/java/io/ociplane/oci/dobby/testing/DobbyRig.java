package io.ociplane.oci.dobby.testing;

import java.time.Duration;

import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.client.ClientSettings;
import io.ociplane.oci.dobby.client.DobbyClient;
import io.ociplane.oci.dobby.server.DobbyServer;
import io.ociplane.oci.dobby.server.ServerSettings;
import io.ociplane.oci.memory.InMemoryRuntime;

/**
 * The client under test against the Dobby-compatible service backed by the in-memory provider, on a private bus:
 * the service plays the daemon. Close it (in @AfterEach) to stop both; the bus belongs to the test class.
 */
public final class DobbyRig implements AutoCloseable {

    public final InMemoryRuntime memory = new InMemoryRuntime();
    public final GatedRuntime backend = new GatedRuntime(memory);
    public final RecordingHost host = new RecordingHost();
    private final PrivateBus bus;
    private DobbyServer server;
    private DobbyClient client;

    public DobbyRig(PrivateBus bus) {
        this.bus = bus;
    }

    /** Fast reconnects, and short call timeouts for the stall tests. */
    public ClientSettings clientSettings() {
        return ClientSettings.on(bus.address()).withReconnect(20, 200).withTimeouts(5_000, 5_000);
    }

    public ServerSettings serverSettings() {
        return ServerSettings.on(bus.address()).withReconnect(20, 200);
    }

    /** Starts (or restarts) the daemon's stand-in and waits until it owns the name. */
    public DobbyServer startServer(ServerSettings settings) throws InterruptedException {
        server = new DobbyServer(backend, settings);
        memory.addListener(backend.relayTo(server.listener()));
        server.start();
        if (!server.awaitServing(Duration.ofSeconds(10))) {
            throw new AssertionError("the Dobby service did not come up");
        }
        return server;
    }

    public DobbyServer startServer() throws InterruptedException {
        return startServer(serverSettings());
    }

    public void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public DobbyClient startClient(ClientSettings settings) {
        client = new DobbyClient(settings, host);
        client.start();
        return client;
    }

    /** Server and client with the defaults; returns the published runtime. */
    public ContainerRuntime startBoth() throws InterruptedException {
        startServer();
        startClient(clientSettings());
        return host.awaitPublished();
    }

    public DobbyClient client() {
        return client;
    }

    @Override
    public void close() {
        backend.openGate();
        if (client != null) {
            client.close();
        }
        stopServer();
    }
}
