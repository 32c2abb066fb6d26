package io.ociplane.jsonrpc.internal.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SocketOwnersTest {

    private final SocketOwners owners = new SocketOwners(Path.of("/proc/net"));

    @Test
    void kernelNotationOfEndpoints() throws IOException {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        assertEquals("0100007F:270E", SocketOwners.endpoint(InetAddress.getByName("127.0.0.1"), 9998));
        assertEquals("0000000000000000FFFF00000100007F:270E",
                SocketOwners.endpoint6(InetAddress.getByName("127.0.0.1"), 9998));
        assertEquals("00000000000000000000000001000000:0050",
                SocketOwners.endpoint6(InetAddress.getByName("::1"), 80));
    }

    @Test
    void ownerOfALoopbackPeerIsThisProcessUser() throws IOException {
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(me, ownerOfConnection("127.0.0.1"));
    }

    @Test
    void ownerOfAnIpv6LoopbackPeer() throws IOException {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/tcp6")));
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int owner;
        try {
            owner = ownerOfConnection("::1");
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return;
        }
        assertEquals(me, owner);
    }

    @Test
    void nonLoopbackOrUnknownPeersHaveNoOwner() throws IOException {
        assertEquals(SocketOwners.UNKNOWN, owners.ownerOf(InetAddress.getByName("192.168.1.7"), 40000,
                InetAddress.getByName("127.0.0.1"), 9998));
        // a loopback pair that is not connected right now
        assertEquals(SocketOwners.UNKNOWN, owners.ownerOf(InetAddress.getByName("127.0.0.1"), 1,
                InetAddress.getByName("127.0.0.1"), 2));
        assertEquals(SocketOwners.UNKNOWN, new SocketOwners(Path.of("/nonexistent")).ownerOf(
                InetAddress.getByName("127.0.0.1"), 1, InetAddress.getByName("127.0.0.1"), 2));
    }

    private int ownerOfConnection(String address) throws IOException {
        InetAddress a = InetAddress.getByName(address);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(a, 0));
            try (Socket client = new Socket(a, server.getLocalPort()); Socket accepted = server.accept()) {
                int uid = owners.ownerOf(accepted.getInetAddress(), accepted.getPort(), accepted.getLocalAddress(),
                        accepted.getLocalPort());
                assertNotEquals(SocketOwners.UNKNOWN, uid);
                return uid;
            }
        }
    }
}
