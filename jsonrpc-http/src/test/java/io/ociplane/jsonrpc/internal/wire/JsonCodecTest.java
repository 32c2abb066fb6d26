package io.ociplane.jsonrpc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

class JsonCodecTest {

    private final JsonCodec r4 = new JsonCodec(WireProfile.R4);

    @Test
    void readsRequestMembersAndKeepsParamsRaw() throws Exception {
        Request r = r4.readRequest("{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"method\":\"a.1.b\",\"params\":[1,2],\"x\":1}");
        assertEquals(new TextNode("3"), r.id());
        assertEquals("a.1.b", r.method());
        assertEquals("[1,2]", r.params().toString());
        assertNull(r4.readRequest("{\"method\":\"m\"}").params());
        // Thunder keeps ids as numbers: "id":null is id 0, a call that is answered (issue 16), in every profile
        for (WireProfile profile : WireProfile.values()) {
            Request nullId = new JsonCodec(profile).readRequest("{\"method\":\"m\",\"id\":null}");
            assertFalse(nullId.isNotification(), profile.name());
            assertEquals(new IntNode(0), nullId.id(), profile.name());
        }
    }

    @Test
    void aRequestWithoutMethodPerProfile() {
        MalformedRequestException r2 = assertThrows(MalformedRequestException.class,
                () -> new JsonCodec(WireProfile.R2).readRequest("{\"id\":4}"));
        assertEquals(-32600, r2.error().code());
        MalformedRequestException r4NoMethod = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest("{\"jsonrpc\":\"2.0\",\"id\":4}"));
        assertEquals(-32601, r4NoMethod.error().code());
        assertEquals("Unknown method.", r4NoMethod.error().message());
        assertEquals(new IntNode(4), r4NoMethod.id());
        JsonCodec r5 = new JsonCodec(WireProfile.R5);
        MalformedRequestException r5NoMethod = assertThrows(MalformedRequestException.class,
                () -> r5.readRequest("{\"jsonrpc\":\"2.0\",\"id\":4}"));
        assertEquals(-31050, r5NoMethod.error().code());
        assertEquals(MalformedRequestException.Kind.NOT_A_CALL, r5NoMethod.kind());
        assertEquals(new IntNode(4), r5NoMethod.id());
        assertEquals(MalformedRequestException.Kind.NOTHING,
                assertThrows(MalformedRequestException.class, () -> r5.readRequest("{}")).kind());
    }

    @Test
    void r5ReadsTheIdOfATruncatedRequestAndThunderTexts() {
        JsonCodec r5 = new JsonCodec(WireProfile.R5);
        for (String truncated : List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"Controller.1.status\"",
                "{\"id\":7,", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\"")) {
            for (MalformedRequestException e : List.of(
                    assertThrows(MalformedRequestException.class, () -> r5.readRequest(truncated)),
                    assertThrows(MalformedRequestException.class, () -> r5.readRequest(
                            truncated.getBytes(StandardCharsets.UTF_8), truncated.length())))) {
                assertEquals(new IntNode(7), e.id(), truncated);
                assertEquals(-31050, e.error().code(), truncated);
                assertEquals("Incomplete JSON send", e.error().message(), truncated);
                assertTrue(e.incomplete(), truncated);
            }
        }
        MalformedRequestException batch = assertThrows(MalformedRequestException.class,
                () -> r5.readRequest("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.1.b\"}]"));
        assertEquals(NullNode.getInstance(), batch.id(), "R5 answers it with \"id\":null");
        assertEquals(JsonCodec.NOT_AN_OBJECT, batch.error().message());
        MalformedRequestException garbage = assertThrows(MalformedRequestException.class, () -> r5.readRequest("xyz"));
        assertEquals(NullNode.getInstance(), garbage.id());
        assertEquals(JsonCodec.NOT_AN_OBJECT, garbage.error().message());
        // an id after the failure is not read: Thunder's parser stops at the failure too
        assertEquals(NullNode.getInstance(),
                assertThrows(MalformedRequestException.class, () -> r5.readRequest("{\"a\":x,\"id\":3}")).id());
    }

    @Test
    void malformedInput() {
        MalformedRequestException notJson = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest("{\"method\":"));
        assertEquals(-32700, notJson.error().code());
        MalformedRequestException batch = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest("[{\"method\":\"m\"}]"));
        assertEquals(-32600, batch.error().code());
        assertEquals("batch requests are not supported", batch.error().data());
        MalformedRequestException noMethod = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest("{\"id\":4,\"method\":5}"));
        assertEquals(new IntNode(4), noMethod.id());
        MalformedRequestException empty = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest(new byte[0], 0));
        assertEquals(-32700, empty.error().code());
        MalformedRequestException r5 = assertThrows(MalformedRequestException.class,
                () -> new JsonCodec(WireProfile.R5).readRequest("{x"));
        assertEquals(-31050, r5.error().code());
    }

    @Test
    void onlyOneRequestObjectWithEachMemberOnce() throws Exception {
        String[] lenient = {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.1.b\"} xyz",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.1.b\"}{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"a.1.c\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.1.b\",\"method\":\"a.1.c\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.1.b\",\"params\":{\"x\":1,\"x\":2}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a.1.b\"}]",
        };
        for (WireProfile profile : WireProfile.values()) {
            JsonCodec codec = new JsonCodec(profile);
            for (String text : lenient) {
                for (MalformedRequestException e : List.of(
                        assertThrows(MalformedRequestException.class, () -> codec.readRequest(text)),
                        assertThrows(MalformedRequestException.class,
                                () -> codec.readRequest(text.getBytes(StandardCharsets.UTF_8), text.length())))) {
                    WireError expected = profile.parseError("x");
                    assertEquals(expected.code(), e.error().code(), profile + " " + text);
                    if (profile == WireProfile.R5) {
                        assertFalse(e.error().message().isEmpty(), text);
                    } else {
                        assertEquals("Failed to parse JSONRPC message", e.error().message());
                        assertTrue(e.error().data() instanceof String reason && !reason.isEmpty(), text);
                    }
                }
            }
        }
        MalformedRequestException duplicate = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest("{\"id\":1,\"id\":2,\"method\":\"m\"}"));
        assertTrue(String.valueOf(duplicate.error().data()).contains("Duplicate field 'id'"),
                String.valueOf(duplicate.error().data()));
        MalformedRequestException trailing = assertThrows(MalformedRequestException.class,
                () -> r4.readRequest("{\"id\":1,\"method\":\"m\"} {\"id\":2,\"method\":\"m\"}"));
        assertEquals("a request is one JSON object; something follows it", trailing.error().data());
        // whitespace after the object is not garbage
        assertEquals("m", r4.readRequest("{\"method\":\"m\"} \r\n\t").method());
    }

    @Test
    void theJsonrpcMemberIsNotCheckedAsInThunder() throws Exception {
        assertEquals("a.1.b", r4.readRequest("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"a.1.b\"}").method());
        assertEquals("a.1.b", r4.readRequest("{\"id\":1,\"method\":\"a.1.b\"}").method());
    }

    @Test
    void writesThunderOrderAndResultNull() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":null}", text(r4.result(new IntNode(42), null)));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"error\":{\"code\":-32601,\"message\":\"Unknown method.\"}}",
                text(r4.error(new TextNode("7"), WireProfile.R4.unknownMethod())));
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":2,\"message\":\"x\",\"data\":\"why\"}}",
                text(r4.error(null, new WireError(2, "x", "why"))));
    }

    @Test
    void escapingFollowsTheProfile() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"a\\/b \\u00E9\"}",
                text(r4.result(new IntNode(1), "a/b é")));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"a/b é\"}",
                text(new JsonCodec(WireProfile.R2).result(new IntNode(1), "a/b é")));
    }

    @Test
    void eventsHaveNoIdAndOmitAbsentParams() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.ev\",\"params\":{\"k\":1}}", r4.event("c.ev", Map.of("k", 1)));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"c.ev\"}", r4.event("c.ev", null));
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
