package io.ociplane.jsonrpc.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutboundBudgetTest {

    @Test
    void boundsCountAndBytesAndGivesRoomBack() {
        OutboundBudget b = new OutboundBudget(3, 100);
        assertTrue(b.reserve(40));
        assertTrue(b.reserve(40));
        assertFalse(b.reserve(40), "over the byte bound");
        assertTrue(b.reserve(20));
        assertFalse(b.reserve(1), "over the count bound");
        b.release(40);
        assertTrue(b.reserve(1));
        assertEquals(3, b.messages());
        assertEquals(61, b.bytes());
    }

    @Test
    void oneLargeMessageGoesOutWhenNothingWaits() {
        OutboundBudget b = new OutboundBudget(10, 100);
        assertTrue(b.reserve(5000));
        assertFalse(b.reserve(1));
        b.release(5000);
        assertTrue(b.reserve(1));
    }

    @Test
    void theCloseReasonFitsAWebSocketCloseFrame() {
        OutboundBudget b = new OutboundBudget(Integer.MAX_VALUE, Long.MAX_VALUE);
        b.reserve(Integer.MAX_VALUE);
        assertTrue(b.overflowReason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123,
                b.overflowReason());
    }
}
