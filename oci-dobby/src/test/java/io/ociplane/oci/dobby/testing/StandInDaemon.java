package io.ociplane.oci.dobby.testing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import io.ociplane.oci.dobby.server.DobbyServer;
import io.ociplane.oci.memory.InMemoryRuntime;

/**
 * A process that plays the Dobby daemon for tests whose client must see a daemon of another process, as the real one
 * is: the Dobby-compatible service backed by the in-memory provider, whose containers end with the process. Run by
 * {@link DaemonProcess}; arguments: the bus address, then {@code --imitate-get-info-crash} to crash where the daemon
 * does. It prints {@code serving} once it owns the name, leaves the bus on SIGTERM (a stopped daemon), and ends when
 * its standard input closes (its test is over).
 */
public final class StandInDaemon {

    public static final String READY_LINE = "serving";
    public static final String IMITATE_CRASH = "--imitate-get-info-crash";

    private StandInDaemon() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        DobbyServer server = new DobbyServer(new InMemoryRuntime(),
                DobbyRig.serverConfig(args[0], Map.of("reconnectMinMillis", 20, "reconnectMaxMillis", 200)));
        if (args.length > 1 && IMITATE_CRASH.equals(args[1])) {
            server.imitateGetInfoCrash();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stand-in daemon stop"));
        server.start();
        if (!server.awaitServing(Duration.ofSeconds(30))) {
            System.exit(2);
        }
        System.out.println(READY_LINE);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // until the test closes the pipe
        }
        System.exit(0);
    }
}
