package io.ociplane.security.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;

/**
 * The params of {@code createtoken}: {@code url}, {@code user} and {@code hash}, each an optional string. Read
 * from the raw params rather than bound by the host, because Thunder answers any bad member with ERROR_GENERAL
 * and Jackson would quietly turn a number into a string.
 */
record TokenRequest(String url, String user, String hash) {

    static TokenRequest from(JsonNode params) throws JsonRpcException {
        if (params == null || params.isMissingNode() || params.isNull()) {
            return new TokenRequest(null, null, null);
        }
        if (!params.isObject()) {
            throw new JsonRpcException(CoreError.GENERAL, "params must be an object with string members url, user, hash");
        }
        return new TokenRequest(text(params, "url"), text(params, "user"), text(params, "hash"));
    }

    private static String text(JsonNode params, String member) throws JsonRpcException {
        JsonNode value = params.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new JsonRpcException(CoreError.GENERAL, "'" + member + "' must be a string");
        }
        return value.asText();
    }
}
