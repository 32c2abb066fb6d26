package io.ociplane.jsonrpc.internal.http;

/**
 * What one WebSocket client has been sent that has not gone out yet: messages Jetty holds because the client does
 * not read them. Bounded in count and bytes, so one slow or hostile reader cannot fill the heap (docs/wire.md). A
 * single message larger than the byte bound still goes out when nothing else is waiting, so a large answer to a
 * client that reads is never refused.
 */
final class OutboundBudget {

    private final int maxMessages;
    private final long maxBytes;
    private int messages;
    private long bytes;

    OutboundBudget(int maxMessages, long maxBytes) {
        this.maxMessages = Math.max(1, maxMessages);
        this.maxBytes = Math.max(1, maxBytes);
    }

    /** Takes room for a message of {@code size} bytes; false when the client is over either bound. */
    synchronized boolean reserve(int size) {
        if (messages > 0 && (messages >= maxMessages || bytes + size > maxBytes)) {
            return false;
        }
        messages++;
        bytes += size;
        return true;
    }

    /** Gives back the room of a message that went out, or that failed. */
    synchronized void release(int size) {
        messages--;
        bytes -= size;
    }

    synchronized int messages() {
        return messages;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** Short enough for a WebSocket close reason (at most 123 bytes). */
    synchronized String overflowReason() {
        return "client too slow: " + messages + " messages (" + bytes + " bytes) unread, limits " + maxMessages
                + " / " + maxBytes;
    }
}
