package io.ociplane.jsonrpc.internal.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC request as read off the wire.
 *
 * @param id the id exactly as sent, or {@code null} for a notification (no id, or id {@code null})
 * @param method the designator text
 * @param params the params as sent, or {@code null} when the member is absent
 */
public record Request(JsonNode id, String method, JsonNode params) {

    public boolean isNotification() {
        return id == null;
    }
}
