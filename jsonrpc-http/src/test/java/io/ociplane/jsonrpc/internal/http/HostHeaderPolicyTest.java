package io.ociplane.jsonrpc.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostHeaderPolicyTest {

    @Test
    void loopbackBindingAcceptsOnlyLoopbackNames() {
        HostHeaderPolicy p = new HostHeaderPolicy("127.0.0.1", new String[] { "stb.local" });
        assertTrue(p.accepts("127.0.0.1:9998", "127.0.0.1"));
        assertTrue(p.accepts("127.0.0.2:9998", "127.0.0.1"));
        assertTrue(p.accepts("localhost:9998", "127.0.0.1"));
        assertTrue(p.accepts("LOCALHOST", "127.0.0.1"));
        assertTrue(p.accepts("[::1]:9998", "127.0.0.1"));
        assertTrue(p.accepts("stb.local:9998", "127.0.0.1"));
        assertTrue(p.accepts(null, "127.0.0.1"));
        assertFalse(p.accepts("evil.example.com:9998", "127.0.0.1"));
        assertFalse(p.accepts("192.168.1.10:9998", "127.0.0.1"));
        assertFalse(p.accepts("127.0.0.1.evil:9998", "127.0.0.1"));
    }

    @Test
    void wildcardBindingAcceptsTheArrivalAddressButNoOtherLiteral() {
        HostHeaderPolicy p = new HostHeaderPolicy("0.0.0.0", new String[0]);
        assertTrue(p.accepts("192.168.1.10:9998", "192.168.1.10"));
        assertTrue(p.accepts("[fe80::1]:9998", "fe80::1"));
        assertFalse(p.accepts("10.9.9.9:9998", "192.168.1.10"), "any other IP literal is refused");
        assertFalse(p.accepts("[fe80::2]:9998", "fe80::1"));
        assertFalse(p.accepts("attacker.example:9998", "192.168.1.10"));
        assertFalse(p.accepts("1.2.3.4.evil", "192.168.1.10"));
    }

    @Test
    void onlyLoopbackBindAddressesCountAsLoopback() {
        assertTrue(HostHeaderPolicy.isLoopback("127.0.0.1"));
        assertTrue(HostHeaderPolicy.isLoopback("localhost"));
        assertTrue(HostHeaderPolicy.isLoopback("[::1]"));
        assertFalse(HostHeaderPolicy.isLoopback("0.0.0.0"));
        assertFalse(HostHeaderPolicy.isLoopback(""));
        assertFalse(HostHeaderPolicy.isLoopback(null));
        assertFalse(HostHeaderPolicy.isLoopback("192.168.1.5"));
    }
}
