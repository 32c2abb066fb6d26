package io.ociplane.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The runc provider's nat network as the integration tests see it from the host (docs/networking.md): a range no
 * interface here uses, the host's interfaces, and removal of a run's bridge and nftables table. Plain JDK: used by
 * the tests and the soak tool.
 */
public final class NatNetworks {

    private static final Path SYS_NET = Path.of("/sys/class/net");

    private NatNetworks() {
    }

    /** A 100.64.x.0 network (a /24) that no address of this host falls into. */
    public static String freeRange() {
        for (int attempt = 0; attempt < 100; attempt++) {
            String prefix = "100.64." + ThreadLocalRandom.current().nextInt(100, 251) + ".";
            if (hostAddresses().noneMatch(a -> a.startsWith(prefix))) {
                return prefix + "0";
            }
        }
        throw new IllegalStateException("no free 100.64.x.0/24 range");
    }

    /** Whether the host has the tools nat needs on PATH (docs/networking.md); .ci/run installs them. */
    public static boolean toolsPresent() {
        String path = System.getenv("PATH");
        return path != null && Stream.of("ip", "nft", "nsenter").allMatch(tool -> Stream.of(path.split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool))));
    }

    /** The host's interface names. */
    public static List<String> links() {
        try (Stream<Path> s = Files.list(SYS_NET)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a veth end named after an address ({@code vo}/{@code vc} and 8 hex digits) is of {@code range}. */
    public static boolean inRange(String link, String range) {
        int a = Integer.parseUnsignedInt(link.substring(2), 16);
        String dotted = (a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + ".";
        return range.startsWith(dotted);
    }

    /** Deletes the bridge and the table of ours named after it, if they are still there. */
    public static void remove(String bridge) {
        if (bridge == null) {
            return;
        }
        if (Files.exists(SYS_NET.resolve(bridge))) {
            run("ip", "link", "del", "dev", bridge);
        }
        run("nft", "delete", "table", "ip", "ociplane_" + bridge); // fails harmlessly when it is gone
    }

    private static Stream<String> hostAddresses() {
        try {
            return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address).map(a -> a.getHostAddress());
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // the tool is missing, and then nothing of it was made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
