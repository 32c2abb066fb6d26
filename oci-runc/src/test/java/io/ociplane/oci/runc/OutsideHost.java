package io.ociplane.oci.runc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A host "outside" for nat tests: a network namespace of its own (the namespace of a listening busybox {@code nc},
 * so it goes when the listener goes) joined to this host by a veth pair on a 198.18.x.0/30 link, with no route to
 * anywhere else. A container reaches it only through the host's forwarding, and its answers find their way back
 * only when the container's address was masqueraded as the host's end of that link.
 */
final class OutsideHost implements AutoCloseable {

    private final String hostEnd;
    private final String address;
    private final int port;
    private final Process listener;
    private final CompletableFuture<String> firstLine = new CompletableFuture<>();

    private OutsideHost(String hostEnd, String address, int port, Process listener) {
        this.hostEnd = hostEnd;
        this.address = address;
        this.port = port;
        this.listener = listener;
    }

    /** Starts the listener in a new network namespace and links it to the host; the listener prints what it gets. */
    static OutsideHost start() throws IOException, InterruptedException {
        int n = ThreadLocalRandom.current().nextInt(1, 64) * 4;
        int net = ThreadLocalRandom.current().nextInt(0, 256);
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(10000, 100000));
        int port = ThreadLocalRandom.current().nextInt(20000, 60000);
        // stdin stays open (a pipe), so the listener keeps the connection after reading
        Process nc = new ProcessBuilder("unshare", "--net", "--", "/bin/busybox", "nc", "-l", "-p",
                Integer.toString(port)).redirectErrorStream(true).start();
        OutsideHost outside = new OutsideHost("oo" + suffix, "198.18." + net + "." + (n + 2), port, nc);
        try {
            String pid = Long.toString(nc.pid());
            Path hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            RealContainerTestBase.await("the outside namespace", Duration.ofSeconds(5), () -> !hostNs.equals(
                    netNamespace(nc.pid())));
            String inside = "oi" + suffix;
            check(TestNetworks.run("ip", "link", "add", "name", outside.hostEnd, "type", "veth", "peer", "name",
                    inside));
            check(TestNetworks.run("ip", "address", "add", "198.18." + net + "." + (n + 1) + "/30", "dev",
                    outside.hostEnd));
            check(TestNetworks.run("ip", "link", "set", "dev", outside.hostEnd, "up"));
            check(TestNetworks.run("ip", "link", "set", "dev", inside, "netns", pid));
            check(TestNetworks.run("nsenter", "--target", pid, "--net", "ip", "address", "add",
                    outside.address + "/30", "dev", inside));
            check(TestNetworks.run("nsenter", "--target", pid, "--net", "ip", "link", "set", "dev", inside, "up"));
            RealContainerTestBase.await("the outside listener", Duration.ofSeconds(5), outside::listening);
            Thread reader = new Thread(outside::readFirstLine, "outside-listener");
            reader.setDaemon(true);
            reader.start();
            return outside;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            outside.close();
            throw e;
        }
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    private static Path netNamespace(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns/net"));
        } catch (IOException e) {
            return null;
        }
    }

    /** The first line the listener received, or null when none came within {@code max}. */
    String firstLine(Duration max) throws InterruptedException {
        try {
            return firstLine.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    private void readFirstLine() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8))) {
            firstLine.complete(r.readLine());
        } catch (IOException e) {
            firstLine.completeExceptionally(e);
        }
    }

    /**
     * Whether the listener's namespace has a socket listening on the port ({@code 0A} is TCP_LISTEN); busybox listens
     * on a dual-stack socket, listed in tcp6.
     */
    private boolean listening() {
        String hexPort = String.format(":%04X ", port);
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                if (Files.readAllLines(Path.of("/proc", Long.toString(listener.pid()), table)).stream()
                        .anyMatch(l -> l.contains(hexPort) && l.contains(" 0A "))) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Ends the listener, and with it its namespace and the pair; deletes the host's end if the kernel has not. */
    @Override
    public void close() throws IOException, InterruptedException {
        listener.destroyForcibly();
        listener.waitFor(5, TimeUnit.SECONDS);
        if (Files.exists(Path.of("/sys/class/net", hostEnd))) {
            TestNetworks.run("ip", "link", "del", "dev", hostEnd);
        }
    }

    private static void check(String output) {
        if (!output.isBlank()) {
            throw new IllegalStateException("setting up the outside host failed: " + output);
        }
    }
}
