package io.ociplane.oci.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.InterfaceAddresses;
import io.ociplane.oci.api.SpecStart;
import io.ociplane.testing.DobbySpecs;

/**
 * Dobby's network modes with real containers (docs/networking.md): {@code nat} behind this test's own bridge and
 * range, {@code private} with loopback only; addresses per container, released on stop, on a crash and when a
 * restarted provider cleans up; the bridge and the table gone once no nat container is left.
 */
class NetworkModesTest extends RealContainerTestBase {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void natTools() {
        assumeTrue(TestNetworks.natToolsPresent(), "nat needs ip (iproute2), nft (nftables) and nsenter");
    }

    /** A spec container as rdkservices' sleepy.json (user namespace and all), its console in the test's directory. */
    private ObjectNode spec(String network, String id, String... args) throws IOException {
        ObjectNode spec = (ObjectNode) mapper.readTree("""
                {"version":"1.0","cwd":"/","env":[],"user":{"uid":1000,"gid":1000},
                 "console":{"limit":65536,"path":"%s"},"memLimit":41943040,"mounts":[]}
                """.formatted(console(id)));
        spec.put("network", network);
        spec.putArray("args").addAll(List.of(args).stream().map(mapper.getNodeFactory()::textNode).toList());
        return spec;
    }

    private Path console(String id) {
        return tmp.resolve(id + ".log");
    }

    /** Starts a spec container and returns its id. */
    private String start(RuncRuntime r, String id, ObjectNode spec) throws ContainerException, InterruptedException {
        String started = r.startFromSpec(new SpecStart(id, spec.toString(), null, null, List.of())).id();
        awaitEvent(ContainerEvent.Type.STARTED, id);
        return started;
    }

    private String startSleeper(RuncRuntime r, String id) throws Exception {
        return start(r, id, spec("nat", id, "sleep", "600"));
    }

    private void stop(RuncRuntime r, String container, String id) throws Exception {
        r.stop(container, true);
        awaitEvent(ContainerEvent.Type.STOPPED, id);
    }

    private long pid(RuncRuntime r, String id) throws ContainerException {
        return r.info(id).pids().get(0);
    }

    /**
     * The container's eth0 address, the only IPv4 address besides loopback it has, as the namespace shows it
     * and as the provider reports it.
     */
    private String addressOf(RuncRuntime r, String id) throws Exception {
        assertEquals(List.of(new InterfaceAddresses("lo", List.of("127.0.0.1")),
                new InterfaceAddresses("eth0", TestNetworks.interfacesOf(pid(r, id)).get("eth0"))),
                r.networkInterfaces(id).stream().map(i -> new InterfaceAddresses(i.name(),
                        i.addresses().stream().filter(a -> !a.contains(":")).toList())).toList());
        Map<String, List<String>> interfaces = TestNetworks.interfacesOf(pid(r, id));
        assertEquals(List.of("lo", "eth0"), List.copyOf(interfaces.keySet()), interfaces.toString());
        assertEquals(List.of("127.0.0.1"), interfaces.get("lo"));
        assertEquals(1, interfaces.get("eth0").size(), interfaces.toString());
        return interfaces.get("eth0").get(0);
    }

    @Test
    void natReachesTheBridgeAndTheOutsideButNotTheHostsLoopback() throws Exception {
        String id = newId("nat");
        String d = startSleeper(runtime, id);
        long pid = pid(runtime, d);
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")), "a network namespace of its own");
        assertEquals(natPlan.address(2), addressOf(runtime, d), "the first address of the range");
        assertEquals("default via " + natPlan.gateway() + " dev eth0", TestNetworks.run("nsenter", "--target",
                Long.toString(pid), "--net", "ip", "route", "show", "default").strip());
        assertTrue(TestNetworks.links().contains(natPlan.bridge()));
        assertEquals(List.of(natPlan.hostEnd(natPlan.address(2))), TestNetworks.pairEnds(natPlan),
                "the host's end on the bridge, the other in the container");
        assertTrue(TestNetworks.run("ip", "-4", "address", "show", "dev", natPlan.bridge())
                .contains(natPlan.gateway() + "/24"));
        assertTrue(TestNetworks.run("ip", "link", "show", "dev", natPlan.hostEnd(natPlan.address(2)))
                .contains("master " + natPlan.bridge()));

        try (ServerSocket onBridge = new ServerSocket(0, 5, InetAddress.getByName(natPlan.gateway()));
                ServerSocketChannel onLoopback = ServerSocketChannel.open()
                        .bind(new InetSocketAddress("127.0.0.1", 0));
                OutsideHost outside = OutsideHost.start()) {
            onLoopback.configureBlocking(false);
            int loopbackPort = ((InetSocketAddress) onLoopback.getLocalAddress()).getPort();
            runtime.exec(id, "", "/bin/busybox nc -w 2 127.0.0.1 " + loopbackPort);
            await("the loopback refusal", WAIT, () -> read(console(id)).contains("Connection refused"));
            assertNull(onLoopback.accept(), "a nat container reached a service on the host's 127.0.0.1");

            onBridge.setSoTimeout((int) WAIT.toMillis());
            runtime.exec(id, "", "/bin/busybox nc -w 2 " + natPlan.gateway() + " " + onBridge.getLocalPort());
            try (Socket s = onBridge.accept()) {
                assertEquals(natPlan.address(2), s.getInetAddress().getHostAddress(), "from its own address");
            }

            runtime.exec(id, "", "/bin/busybox wget -q -O - http://" + outside.address() + ":" + outside.port()
                    + "/through-nat");
            String request = outside.firstLine(WAIT);
            assertEquals("GET /through-nat HTTP/1.1", request == null ? read(console(id)) : request.strip(),
                    "the outside answered a masqueraded container (it has no route to " + natPlan.cidr() + ")");
            assertTrue(TestNetworks.run("nft", "list", "table", "ip", natPlan.table())
                    .matches("(?s).*counter packets [1-9][0-9]* bytes [0-9]+ masquerade.*"), "the masquerade rule");
        }

        stop(runtime, d, id);
        assertEquals(List.of(), TestNetworks.pairEnds(natPlan), "the pair goes before STOPPED");
        runtime.close();
        assertFalse(TestNetworks.links().contains(natPlan.bridge()), "the bridge goes with the last nat container");
        assertFalse(TestNetworks.tableExists(natPlan), "and the table");
        assertNoLeftovers();
    }

    @Test
    void privateHasLoopbackOnlyAndMakesNoBridge() throws Exception {
        String id = newId("private");
        String d = start(runtime, id, spec("private", id, "sleep", "600"));
        long pid = pid(runtime, d);
        assertEquals(List.of("lo"), TestNetworks.interfaceNamesOf(pid));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")));
        assertFalse(TestNetworks.links().contains(natPlan.bridge()), "no bridge for a private container");
        stop(runtime, d, id);
        assertNoLeftovers();
    }

    @Test
    void eachContainerHasItsOwnAddressReleasedOnStopAndOnACrash() throws Exception {
        String a = newId("a");
        String b = newId("b");
        String da = startSleeper(runtime, a);
        String db = startSleeper(runtime, b);
        assertEquals(natPlan.address(2), addressOf(runtime, da));
        assertEquals(natPlan.address(3), addressOf(runtime, db));
        stop(runtime, da, a);
        assertEquals(List.of(natPlan.hostEnd(natPlan.address(3))), TestNetworks.pairEnds(natPlan));

        for (int round = 0; round < 20; round++) { // a leaked address would push the next one up
            String c = newId("loop" + round);
            String dc = startSleeper(runtime, c);
            assertEquals(natPlan.address(2), addressOf(runtime, dc), "round " + round);
            stop(runtime, dc, c);
        }

        String crashing = newId("crash");
        start(runtime, crashing, spec("nat", crashing, "sh", "-c", "exit 3"));
        assertEquals(3 << 8, awaitEvent(ContainerEvent.Type.STOPPED, crashing).exitStatus(), "a wait status");
        String after = newId("after");
        String dAfter = startSleeper(runtime, after);
        assertEquals(natPlan.address(2), addressOf(runtime, dAfter), "the crashed container's address is free");
        stop(runtime, dAfter, after);

        stop(runtime, db, b);
        assertEquals(List.of(), TestNetworks.pairEnds(natPlan));
        assertNoLeftovers();
    }

    @Test
    void aRespawnedContainerKeepsItsAddress() throws Exception {
        String id = newId("respawn");
        String d = start(runtime, id, DobbySpecs.crashingOnce(spec("nat", id), tmp.resolve("data")));
        awaitEvent(ContainerEvent.Type.STARTED, id); // respawned
        assertEquals(natPlan.address(2), addressOf(runtime, d));
        assertEquals(List.of(natPlan.hostEnd(natPlan.address(2))), TestNetworks.pairEnds(natPlan));
        stop(runtime, d, id);
        assertNoLeftovers();
    }

    @Test
    void aRestartedProviderKeepsLiveAddressesAndFreesTheRest() throws Exception {
        String dead = newId("dead");
        String live = newId("live");
        startSleeper(runtime, dead);
        String dLive = startSleeper(runtime, live);
        runtime.close();
        events.clear();
        assertTrue(TestNetworks.links().contains(natPlan.bridge()), "the bridge stays for running containers");
        runc("kill", dead, "KILL");
        await("the killed container's state to go", WAIT, () -> !runcIds().contains(dead));
        String unfinished = natPlan.address(9); // a start the provider did not finish: a pair, no container
        TestNetworks.run("ip", "link", "add", "name", natPlan.hostEnd(unfinished), "type", "veth", "peer", "name",
                natPlan.containerEnd(unfinished));
        TestNetworks.run("ip", "link", "set", "dev", natPlan.hostEnd(unfinished), "master", natPlan.bridge());

        RuncRuntime restarted = open();
        assertEquals(List.of(live), restarted.list().stream().map(c -> c.id()).toList());
        await("only the live container's pair", WAIT,
                () -> pairEndsQuietly().equals(List.of(natPlan.hostEnd(natPlan.address(3)))));
        assertEquals(natPlan.address(3), addressOf(restarted, dLive), "the live one keeps its address");
        String fresh = newId("fresh");
        String dFresh = startSleeper(restarted, fresh);
        assertEquals(natPlan.address(2), addressOf(restarted, dFresh), "the dead one's address is free again");
        stop(restarted, dFresh, fresh);
        stop(restarted, dLive, live);
        restarted.close();
        assertFalse(TestNetworks.links().contains(natPlan.bridge()));
        assertFalse(TestNetworks.tableExists(natPlan));
        assertNoLeftovers();
    }

    @Test
    void aProviderThatFindsNoNatContainerRemovesTheBridgeAtOnce() throws Exception {
        String id = newId("gone");
        startSleeper(runtime, id);
        runtime.close();
        runc("kill", id, "KILL");
        await("the killed container's state to go", WAIT, () -> runcIds().isEmpty());
        assertTrue(TestNetworks.links().contains(natPlan.bridge()));

        open();
        assertFalse(TestNetworks.links().contains(natPlan.bridge()), "removed while re-adopting");
        assertFalse(TestNetworks.tableExists(natPlan));
        assertNoLeftovers();
    }

    @Test
    void anotherRuntimesBridgeIsNeitherUsedNorRemoved() throws Exception {
        String id = newId("mine");
        String d = startSleeper(runtime, id);
        // a second runtime on the same host, wrongly configured with the same bridge name
        RuncRuntime other = open(settings(tmp.resolve("other-state"), tmp.resolve("other-ws"),
                NatPlan.of(natPlan.bridge(), TestNetworks.freshPlan("x").network())));
        String theirs = newId("theirs");
        ContainerException refused = assertThrows(ContainerException.class,
                () -> other.startFromSpec(new SpecStart(theirs, spec("nat", theirs, "sleep", "600").toString(), null,
                        null, List.of())));
        assertTrue(refused.getMessage().contains("is not this provider's bridge"), refused.getMessage());
        assertEquals(List.of(), other.list());
        other.close();
        assertTrue(TestNetworks.links().contains(natPlan.bridge()), "the other runtime left our bridge alone");
        assertTrue(TestNetworks.tableExists(natPlan), "and our table");
        assertNotNull(addressOf(runtime, d));
        stop(runtime, d, id);
        assertNoLeftovers();
    }

    @Test
    void natWithoutItsHostToolsIsRefusedWithTheReason() throws Exception {
        // a host without nftables: a PATH with every other tool the provider looks for
        Path bin = Files.createDirectory(tmp.resolve("bin-without-nft"));
        NetTools found = NetTools.find(System.getenv("PATH"));
        Path setsid = RuntimeSetup.findExecutable("setsid", System.getenv("PATH")).orElseThrow();
        for (Path tool : List.of(found.ip(), found.nsenter(), found.shell(), setsid)) {
            Files.createSymbolicLink(bin.resolve(tool.getFileName()), tool);
        }
        RuntimeSetup s = RuntimeSetup.of(config(tmp.resolve("bare-state"), tmp.resolve("bare-ws"),
                TestNetworks.freshPlan("oct"), Map.of()), bin.toString());
        assertEquals("nft (nftables)", s.netTools().missing());
        RuncRuntime bare = open(s);
        String id = newId("bare");
        ContainerException e = assertThrows(ContainerException.class,
                () -> bare.startFromSpec(new SpecStart(id, spec("nat", id, "sleep", "600").toString(), null, null,
                        List.of())));
        assertEquals(ContainerException.Reason.UNSUPPORTED, e.reason());
        assertEquals("\"network\":\"nat\" needs nft (nftables) on this host", e.getMessage());
        assertFalse(TestNetworks.links().contains(s.nat().bridge()), "nothing made");
        assertEquals(List.of(), bare.list());
        String d = start(bare, id, spec("private", id, "sleep", "600"));
        stop(bare, d, id);
    }


    private List<String> pairEndsQuietly() {
        try {
            return TestNetworks.pairEnds(natPlan);
        } catch (IOException e) {
            return List.of("?");
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
