package io.ociplane.jsonrpc.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonErrorHandlerTest {

    @Test
    void answersInJsonForTheJsonRpcPathsAndForRequestsJettyCouldNotRead() {
        for (String path : new String[] { "/jsonrpc", "/jsonrpc/Demo", "/jsonrpc/Demo/x", "/badMessage", "/badURI",
                null }) {
            assertTrue(JsonErrorHandler.isJsonRpc(path), path);
        }
        for (String path : new String[] { "/", "/Service/Demo", "/favicon.ico" }) {
            assertFalse(JsonErrorHandler.isJsonRpc(path), path);
        }
    }
}
