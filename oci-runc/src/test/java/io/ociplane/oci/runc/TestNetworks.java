package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Host networking for the real-container tests: a nat plan no other run uses, what a container's network namespace
 * shows, and removal of everything a test's plan may have left (bridge, table, veth pairs), even after a failure.
 */
final class TestNetworks {

    private static final String INTERRUPTED_DUMP = "Dump was interrupted";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private TestNetworks() {
    }

    /** A bridge {@code <prefix><5 digits>} and a 100.64.x.0/24 range that no interface of the host overlaps. */
    static NatPlan freshPlan(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> inUse = hostAddresses();
        for (int attempt = 0; attempt < 100; attempt++) {
            NatPlan plan = NatPlan.of(prefix + random.nextInt(10000, 100000), "100.64." + random.nextInt(100, 251)
                    + ".0");
            if (inUse.stream().noneMatch(a -> plan.overlaps(a, 32)) && !Files.exists(SYS_NET.resolve(plan.bridge()))) {
                return plan;
            }
        }
        throw new IllegalStateException("no free 100.64.x.0/24 range for a test");
    }

    /** Whether this host has what nat needs (root is checked by the test base). */
    static boolean natToolsPresent() {
        return NetTools.find(System.getenv("PATH")).missing() == null;
    }

    /**
     * Removes the plan's bridge, its nftables table and every veth end named for an address of its range.
     *
     * @return what was there to remove
     */
    static List<String> remove(NatPlan plan) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        for (String link : links()) {
            if (link.equals(plan.bridge()) || isPairEnd(plan, link)) {
                found.add(link);
                run("ip", "link", "del", "dev", link);
            }
        }
        if (tableExists(plan)) {
            found.add("table " + plan.table());
            run("nft", "delete", "table", "ip", plan.table());
        }
        return found;
    }

    /** The host's interfaces (names in /sys/class/net). */
    static List<String> links() throws IOException {
        try (Stream<Path> s = Files.list(SYS_NET)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The veth ends of the plan's range that exist on the host. */
    static List<String> pairEnds(NatPlan plan) throws IOException {
        return links().stream().filter(l -> isPairEnd(plan, l)).toList();
    }

    private static boolean isPairEnd(NatPlan plan, String link) {
        if (!link.matches("v[oc][0-9a-f]{8}")) {
            return false;
        }
        return plan.hostNumber(NatPlan.format(Integer.parseUnsignedInt(link.substring(2), 16))) >= 0;
    }

    static boolean tableExists(NatPlan plan) throws IOException, InterruptedException {
        return NetTools.find(System.getenv("PATH")).nft() != null
                && run("nft", "list", "table", "ip", plan.table()).startsWith("table ");
    }

    /** The interfaces and IPv4 addresses the network namespace of {@code pid} shows, in order. */
    static Map<String, List<String>> interfacesOf(long pid) throws IOException, InterruptedException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode links = MAPPER.readTree(run("nsenter", "--target", Long.toString(pid), "--net", "ip", "-json", "-4",
                "address", "show"));
        for (JsonNode l : links) {
            List<String> addresses = new ArrayList<>();
            l.path("addr_info").forEach(a -> addresses.add(a.path("local").asText()));
            out.put(l.path("ifname").asText(), addresses);
        }
        return out;
    }

    /** The interface names only, IPv4 address or not. */
    static List<String> interfaceNamesOf(long pid) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        MAPPER.readTree(run("nsenter", "--target", Long.toString(pid), "--net", "ip", "-json", "link", "show"))
                .forEach(l -> out.add(l.path("ifname").asText()));
        return out;
    }

    /** Removes a cgroup parent a test's provider may have left (rmdir fails harmlessly while it is in use). */
    static void removeCgroupParent(String parent) {
        for (Path dir : new CgroupMounts(new ProcFs(Path.of("/proc")).selfMountInfo()).dirsOf(parent)) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // in use
            }
        }
    }

    /** Whether the cgroup parent exists in any hierarchy. */
    static boolean cgroupParentExists(String parent) {
        return new CgroupMounts(new ProcFs(Path.of("/proc")).selfMountInfo()).dirsOf(parent).stream()
                .anyMatch(Files::isDirectory);
    }

    private static List<String> hostAddresses() {
        try {
            String dump = run("ip", "-json", "-4", "address", "show");
            // links that other processes add or remove meanwhile interrupt the dump (iproute2 then says so on
            // stderr, and its JSON may be inconsistent): ask again, a bounded number of times
            for (int again = 0; dump.contains(INTERRUPTED_DUMP) && again < 10; again++) {
                dump = run("ip", "-json", "-4", "address", "show");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode l : MAPPER.readTree(dump)) {
                l.path("addr_info").forEach(a -> out.add(a.path("local").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command to its end; its output (stdout and stderr). */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(RuncCli.DEV_NULL)).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
