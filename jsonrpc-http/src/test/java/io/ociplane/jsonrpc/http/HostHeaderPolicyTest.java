package io.ociplane.jsonrpc.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostHeaderPolicyTest {

    @Test
    void loopbackBindingAcceptsOnlyLoopbackNames() {
        HostHeaderPolicy p = new HostHeaderPolicy("127.0.0.1", new String[] { "stb.local" });
        assertTrue(p.accepts("127.0.0.1:9998"));
        assertTrue(p.accepts("localhost:9998"));
        assertTrue(p.accepts("LOCALHOST"));
        assertTrue(p.accepts("[::1]:9998"));
        assertTrue(p.accepts("stb.local:9998"));
        assertTrue(p.accepts(null));
        assertFalse(p.accepts("evil.example.com:9998"));
        assertFalse(p.accepts("192.168.1.10:9998"));
    }

    @Test
    void wildcardBindingAcceptsIpLiteralsButNotNames() {
        HostHeaderPolicy p = new HostHeaderPolicy("0.0.0.0", new String[0]);
        assertTrue(p.accepts("192.168.1.10:9998"));
        assertTrue(p.accepts("[fe80::1]:9998"));
        assertFalse(p.accepts("attacker.example:9998"));
        assertFalse(p.accepts("1.2.3.4.evil"));
    }
}
