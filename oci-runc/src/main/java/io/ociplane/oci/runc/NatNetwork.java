package io.ociplane.oci.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;

/**
 * Dobby's {@code nat} network mode on the host (docs/networking.md): a bridge of ours holding the range's gateway,
 * one veth pair per container (the host's end a port of the bridge, the other end the container's {@code eth0}),
 * and an nftables table of ours that masquerades the range to the outside. The bridge and the table are made when
 * the first nat container starts and removed when the provider stops, or starts, with no nat container left; the
 * bridge carries this provider's name as its alias, so that nothing of another runtime is taken over or removed.
 */
final class NatNetwork {

    /** In a container's workspace: the {@code ip} commands the runtime hook runs inside the container. */
    static final String BATCH_FILE = "network.batch";

    /**
     * The createRuntime hook's script. runc runs it in the host's namespaces once the container's namespaces exist
     * and before its process runs, with the container's state (JSON, {@code "pid"} among it) on stdin: it moves the
     * container's end of the pair into the container's network namespace and configures it there.
     * Arguments: $0 ip, $1 nsenter, $2 the container's end, $3 the batch file.
     */
    static final String HOOK_SCRIPT = "set -e; IFS= read -r state || [ -n \"$state\" ];"
            + " pid=${state#*\\\"pid\\\":}; pid=${pid%%[!0-9]*}; [ -n \"$pid\" ];"
            + " \"$0\" link set dev \"$2\" netns \"$pid\"; exec \"$1\" --target \"$pid\" --net \"$0\" -batch \"$3\"";

    private static final Logger LOG = LoggerFactory.getLogger(NatNetwork.class);
    private static final String INTERRUPTED_DUMP = "Dump was interrupted";

    private final NatPlan plan;
    private final NetTools tools;
    private final String owner;
    private final CommandRunner commands;
    private final ObjectMapper mapper;
    private final Path sysNet;
    private final Path ipForward;
    private final AddressPool pool;
    private boolean ready;

    /**
     * @param stateDir the provider's state directory, which names the owner of the bridge
     * @param proc {@code /proc}, for the forwarding switch
     * @param sys {@code /sys}, for a quick look at whether the bridge exists
     */
    NatNetwork(NatPlan plan, NetTools tools, Path stateDir, CommandRunner commands, ObjectMapper mapper, Path proc,
            Path sys) {
        this.plan = plan;
        this.tools = tools;
        this.owner = ownerOf(stateDir);
        this.commands = commands;
        this.mapper = mapper;
        this.sysNet = sys.resolve("class/net");
        this.ipForward = proc.resolve("sys/net/ipv4/ip_forward");
        this.pool = new AddressPool(plan);
    }

    NatPlan plan() {
        return plan;
    }

    /** The bridge's alias that marks it as this provider's: its state directory (hashed if very long). */
    static String ownerOf(Path stateDir) {
        String text = "ociplane " + stateDir;
        if (text.getBytes(StandardCharsets.UTF_8).length <= 200) {
            return text;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return "ociplane sha256:" + HexFormat.of().formatHex(sha.digest(stateDir.toString()
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** An address for a new nat container; the bridge and the table are set up first when they are not yet. */
    synchronized String lease() throws ContainerException {
        String missing = tools.missing();
        if (missing != null) {
            throw new ContainerException(Reason.UNSUPPORTED, "\"network\":\"nat\" needs " + missing
                    + " on this host");
        }
        if (!ready || !Files.exists(sysNet.resolve(plan.bridge()), LinkOption.NOFOLLOW_LINKS)) { // or deleted since
            setUp();
            ready = true;
        }
        return pool.lease();
    }

    /** Gives an ended container's address back, after removing its end of the pair if the kernel has not yet. */
    void release(String address) {
        unplug(address);
        pool.release(address);
    }

    /**
     * Takes in the addresses of re-adopted containers and makes sure their bridge and table are still there.
     *
     * @return false for an address that is not of this range or taken twice (the container keeps running, cut off)
     */
    synchronized boolean adopt(String address) {
        if (!pool.take(address)) {
            return false;
        }
        if (!ready && tools.missing() == null) {
            try {
                setUp();
                ready = true;
            } catch (ContainerException e) {
                LOG.warn("nat: the bridge or table of re-adopted containers cannot be restored: {}", e.getMessage());
            }
        }
        return true;
    }

    /**
     * Writes the batch file into the workspace and adds the hook that runs it to {@code config}: the container's
     * end becomes {@code eth0} with {@code address}, up, with the default route via the bridge.
     */
    void configure(ObjectNode config, String address, Path workspace, long hookTimeoutSeconds)
            throws ContainerException {
        Path batch = workspace.resolve(BATCH_FILE);
        String lines = "link set dev " + plan.containerEnd(address) + " name eth0\n"
                + "address add " + address + "/24 dev eth0\n"
                + "link set dev eth0 up\n"
                + "route add default via " + plan.gateway() + " dev eth0\n";
        try {
            Files.writeString(batch, lines, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot write " + batch + ": " + e.getMessage(), e);
        }
        ObjectNode hook = ConfigEdits.arrayIn(config.withObjectProperty("hooks"), "createRuntime").addObject();
        hook.put("path", tools.shell().toString());
        ArrayNode args = hook.putArray("args");
        List.of("sh", "-c", HOOK_SCRIPT, tools.ip().toString(), tools.nsenter().toString(),
                plan.containerEnd(address), batch.toString()).forEach(args::add);
        hook.putArray("env").add("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
        hook.put("timeout", Math.max(1, hookTimeoutSeconds));
    }

    /** Creates the container's veth pair before each run, the host's end a port of the bridge, up. */
    void plug(String address) throws ContainerException {
        String batch = "link add name " + plan.hostEnd(address) + " type veth peer name " + plan.containerEnd(address)
                + "\nlink set dev " + plan.hostEnd(address) + " master " + plan.bridge() + " up\n";
        CommandRunner.Result r = commands.run("ip link add", List.of(tools.ip().toString(), "-batch", "-"), batch);
        if (!r.ok() && r.output().contains("File exists")) { // the pair of an earlier run the kernel is removing
            unplug(address);
            r = commands.run("ip link add", List.of(tools.ip().toString(), "-batch", "-"), batch);
        }
        if (!r.ok()) {
            unplug(address);
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot give the container its veth pair on "
                    + plan.bridge() + ": " + firstLine(r.output()));
        }
    }

    /** Deletes the pair of {@code address} (both ends go together); nothing when it is gone already. */
    void unplug(String address) {
        if (address == null || !Files.exists(sysNet.resolve(plan.hostEnd(address)), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            commands.run("ip link del", List.of(tools.ip().toString(), "link", "del", "dev", plan.hostEnd(address)),
                    null);
        } catch (ContainerException e) {
            LOG.warn("nat: cannot delete {}: {}", plan.hostEnd(address), e.getMessage());
        }
    }

    /**
     * After re-adoption: deletes the bridge's ports whose address no container holds (a start the earlier provider
     * did not finish), then the bridge and the table if no container holds an address.
     */
    void removeLeftovers() {
        if (!Files.exists(sysNet.resolve(plan.bridge()), LinkOption.NOFOLLOW_LINKS) || tools.missing() != null) {
            return;
        }
        try {
            if (!isOurs(bridgeLink())) {
                return; // another runtime's bridge: its ports are its own
            }
            JsonNode ports = json(List.of(tools.ip().toString(), "-json", "link", "show", "master", plan.bridge()));
            for (JsonNode port : ports) {
                String name = port.path("ifname").asText();
                String address = addressOfHostEnd(name);
                if (address != null && !pool.isLeased(address)) {
                    LOG.info("nat: removing {} ({}), left by an earlier provider", name, address);
                    unplug(address);
                }
            }
        } catch (ContainerException e) {
            LOG.warn("nat: cannot list the ports of {}: {}", plan.bridge(), e.getMessage());
        }
        tearDownIfUnused();
    }

    /** Removes the bridge and the table when no container holds an address; leaves another runtime's alone. */
    synchronized void tearDownIfUnused() {
        if (!pool.isEmpty() || tools.missing() != null) {
            return;
        }
        boolean bridge = Files.exists(sysNet.resolve(plan.bridge()), LinkOption.NOFOLLOW_LINKS);
        if (!bridge && !ready) {
            return;
        }
        try {
            if (bridge && !isOurs(bridgeLink())) {
                return; // another runtime's bridge, and so its table
            }
            CommandRunner.Result t = commands.run("nft delete table", List.of(tools.nft().toString(), "delete",
                    "table", "ip", plan.table()), null);
            if (!t.ok() && !t.output().contains("No such file")) {
                LOG.warn("nat: cannot delete the nftables table {}: {}", plan.table(), firstLine(t.output()));
            }
            if (bridge) {
                ip("deleting the bridge", "link", "del", "dev", plan.bridge());
            }
            ready = false;
            LOG.info("nat: bridge {} and table {} removed", plan.bridge(), plan.table());
        } catch (ContainerException e) {
            LOG.warn("nat: cannot remove bridge {}: {}", plan.bridge(), e.getMessage());
        }
    }

    /** The bridge with the gateway address, up; IPv4 forwarding on; the table (re)made from scratch. */
    private void setUp() throws ContainerException {
        JsonNode link = bridgeLink();
        if (link == null) {
            checkRangeIsFree();
            ip("creating the bridge", "link", "add", "name", plan.bridge(), "type", "bridge");
            ip("naming the bridge's owner", "link", "set", "dev", plan.bridge(), "alias", owner);
            LOG.info("nat: created bridge {} for {}", plan.bridge(), plan.cidr());
        } else if (!isOurs(link)) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "the interface " + plan.bridge() + " exists and is"
                    + " not this provider's bridge (alias '" + link.path("ifalias").asText("") + "', here '" + owner
                    + "'): configure another natBridge for this runtime");
        }
        ip("addressing the bridge", "address", "replace", plan.gateway() + "/24", "dev", plan.bridge());
        ip("bringing the bridge up", "link", "set", "dev", plan.bridge(), "up");
        enableForwarding();
        CommandRunner.Result r = commands.run("nft -f", List.of(tools.nft().toString(), "-f", "-"), tableScript());
        if (!r.ok()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot set up the nftables table " + plan.table()
                    + ": " + firstLine(r.output()));
        }
    }

    /**
     * Our table, replaced as a whole in one transaction (declared, deleted, declared again with its rules):
     * masquerade what leaves the range through another interface; let containers start connections out, and let
     * in only the answers, so nobody outside starts a connection into a container.
     */
    String tableScript() {
        String t = "ip " + plan.table();
        String br = '"' + plan.bridge() + '"';
        return "table " + t + "\n"
                + "delete table " + t + "\n"
                + "table " + t + " {\n"
                + "  comment \"ociplane: NAT of the nat containers on bridge " + plan.bridge() + "\"\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    ip saddr " + plan.cidr() + " oifname != " + br + " counter masquerade\n"
                + "  }\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority filter; policy accept;\n"
                + "    iifname " + br + " accept\n"
                + "    oifname " + br + " ct state established,related accept\n"
                + "    oifname " + br + " drop\n"
                + "  }\n"
                + "}\n";
    }

    private void checkRangeIsFree() throws ContainerException {
        for (JsonNode link : json(List.of(tools.ip().toString(), "-json", "-4", "address", "show"))) {
            for (JsonNode a : link.path("addr_info")) {
                String local = a.path("local").asText("");
                if (!local.isEmpty() && plan.overlaps(local, a.path("prefixlen").asInt(32))) {
                    throw new ContainerException(Reason.PROVIDER_ERROR, "the nat range " + plan.cidr()
                            + " overlaps " + local + "/" + a.path("prefixlen").asInt() + " of "
                            + link.path("ifname").asText() + ": configure another natAddressRange");
                }
            }
        }
    }

    private void enableForwarding() throws ContainerException {
        try {
            if (!Files.readString(ipForward, StandardCharsets.US_ASCII).trim().equals("1")) {
                Files.writeString(ipForward, "1\n", StandardCharsets.US_ASCII);
                LOG.info("nat: IPv4 forwarding turned on (net.ipv4.ip_forward), which masquerading needs; it stays on");
            }
        } catch (IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "cannot turn on IPv4 forwarding (" + ipForward + "): "
                    + e.getMessage(), e);
        }
    }

    /** The bridge as {@code ip -json -details link show} shows it, or null when there is no such interface. */
    private JsonNode bridgeLink() throws ContainerException {
        if (!Files.exists(sysNet.resolve(plan.bridge()), LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        JsonNode links = json(List.of(tools.ip().toString(), "-json", "-details", "link", "show", "dev",
                plan.bridge()));
        return links.size() == 1 ? links.get(0) : null;
    }

    private boolean isOurs(JsonNode link) {
        return link != null && owner.equals(link.path("ifalias").asText())
                && link.path("linkinfo").path("info_kind").asText().equals("bridge");
    }

    /** The container address whose host end is {@code name}, or null for any other interface. */
    private String addressOfHostEnd(String name) {
        if (!name.matches("vo[0-9a-f]{8}")) {
            return null;
        }
        String address = NatPlan.format(Integer.parseUnsignedInt(name.substring(2), 16));
        return plan.hostNumber(address) >= 0 ? address : null;
    }

    private void ip(String what, String... args) throws ContainerException {
        List<String> cmd = new ArrayList<>(List.of(tools.ip().toString()));
        cmd.addAll(List.of(args));
        CommandRunner.Result r = commands.run("ip " + args[0] + " " + args[1], cmd, null);
        if (!r.ok()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "nat: " + what + " " + plan.bridge() + " failed: "
                    + firstLine(r.output()));
        }
    }

    private JsonNode json(List<String> cmd) throws ContainerException {
        String what = "ip " + String.join(" ", cmd.subList(1, cmd.size()));
        CommandRunner.Result r = commands.run(what, cmd, null);
        // links that others add or remove meanwhile interrupt a dump, which may then be inconsistent (iproute2 says
        // so on stderr, docs/networking.md): ask again, a bounded number of times
        for (int again = 0; r.ok() && r.output().contains(INTERRUPTED_DUMP) && again < 5; again++) {
            r = commands.run(what, cmd, null);
        }
        if (!r.ok()) {
            throw new ContainerException(Reason.PROVIDER_ERROR, cmd.get(0) + " failed: " + firstLine(r.output()));
        }
        try {
            JsonNode n = mapper.readTree(r.output().isEmpty() ? "[]" : r.output());
            return n.isArray() ? n : mapper.createArrayNode();
        } catch (JsonProcessingException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, "unreadable output of " + cmd.get(0), e);
        }
    }

    private static String firstLine(String output) {
        String line = output.lines().findFirst().orElse("").strip();
        return line.isEmpty() ? "no message" : line;
    }
}
