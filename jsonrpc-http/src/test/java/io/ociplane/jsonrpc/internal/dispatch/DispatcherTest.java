package io.ociplane.jsonrpc.internal.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireError;
import io.ociplane.jsonrpc.internal.wire.WireProfile;
import io.ociplane.jsonrpc.spi.CoreError;
import io.ociplane.jsonrpc.spi.JsonRpcException;
import io.ociplane.jsonrpc.spi.PluginApi;

class DispatcherTest {

    record AddParams(long a, long b) {
    }

    /** A directory with one active plugin "org.rdk.Test" and one deactivated "Off". */
    static final class Directory implements PluginDirectory {
        final Map<String, PluginApi> active = new HashMap<>();
        final List<String> known = new ArrayList<>(List.of("Off"));

        @Override
        public boolean knows(String callsign) {
            return active.containsKey(callsign) || known.contains(callsign);
        }

        @Override
        public PluginApi awaitActive(String callsign) {
            return active.get(callsign);
        }
    }

    static class Recorder implements Channel {
        final List<String> sent = new ArrayList<>();

        @Override
        public void send(String text) {
            sent.add(text);
        }
    }

    private long counter;

    private PluginApi testApi() {
        return PluginApi.builder()
                .method("add", AddParams.class, p -> Map.of("sum", p.a() + p.b()))
                .method("nothing", () -> null)
                .method("raw", JsonNode.class, p -> p.isMissingNode() ? "missing" : p)
                .method("typed", JsonNode.class, io.ociplane.jsonrpc.spi.ParamTypes.object().string("name"),
                        p -> p.isMissingNode() ? "none" : p)
                .method("fail", () -> {
                    throw new JsonRpcException(CoreError.GENERAL, "no container 'x'");
                })
                .method("bug", () -> {
                    throw new IllegalStateException("boom");
                })
                .method("oom", () -> {
                    throw new OutOfMemoryError("Java heap space");
                })
                .method("recursion", () -> {
                    throw new StackOverflowError();
                })
                .property("memory", index -> {
                    if (!"c1".equals(index)) {
                        throw new JsonRpcException(CoreError.UNAVAILABLE, "{}", null);
                    }
                    return Map.of("allocated", 5);
                })
                .property("counter", index -> counter, Long.class, (index, v) -> counter = v)
                .build();
    }

    private Dispatcher dispatcher(WireProfile profile, Subscriptions subs) {
        Directory dir = new Directory();
        dir.active.put("org.rdk.Test", testApi());
        dir.active.put("Controller", PluginApi.builder().method("ping", () -> "pong").build());
        return new Dispatcher(dir, subs, new JsonCodec(profile), "Controller");
    }

    private String call(WireProfile profile, String json) {
        return call(profile, json, null, null);
    }

    private String call(WireProfile profile, String json, String endpoint, Channel channel) {
        JsonCodec codec = new JsonCodec(profile);
        Dispatcher d = dispatcher(profile, new Subscriptions(codec));
        try {
            Reply r = d.dispatch(codec.readRequest(json), endpoint, channel, Caller.TRUSTED);
            return r.body() == null ? null : new String(r.body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void typedParamsAndResults() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"sum\":5}}",
                call(WireProfile.R4, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":{\"a\":2,\"b\":3}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"result\":null}",
                call(WireProfile.R4, "{\"id\":\"3\",\"method\":\"org.rdk.Test.nothing\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"missing\"}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.raw\"}"));
    }

    @Test
    void routingErrors() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Unknown method.\","
                + "\"data\":\"'org.rdk.Test' has no method 'nope'\"}}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.nope\"}"));
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"Nobody.1.x\"}")
                .contains("{\"code\":-32603,\"message\":\"Could not access requested service\""));
        assertTrue(call(WireProfile.R5, "{\"id\":1,\"method\":\"Nobody.1.x\"}")
                .contains("{\"code\":-31043,\"message\":\"The service is not available.\""));
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.2.add\"}")
                .contains("{\"code\":-32602,\"message\":\"Requested version is not supported.\""));
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"Off.1.x\"}")
                .contains("{\"code\":2,\"message\":\"Service is not active\""));
        assertTrue(call(WireProfile.R5, "{\"id\":1,\"method\":\"Off.1.x\"}")
                .contains("{\"code\":-31002,\"message\":\"The service is not active.\""));
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.x\"}", "Other", null)
                .contains("{\"code\":-32600,\"message\":\"Destined invoke failed.\""));
    }

    @Test
    void endpointAndBrokerDefaults() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"pong\"}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"1.ping\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"1.nothing\"}", "org.rdk.Test", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"nothing\"}", "org.rdk.Test", null));
    }

    @Test
    void pluginErrors() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":1,\"message\":\"ERROR_GENERAL\","
                + "\"data\":\"no container 'x'\"}}", call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.fail\"}"));
        assertTrue(call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.fail\"}")
                .contains("{\"code\":-31001,\"message\":\"ERROR_GENERAL\""));
        String bug = call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.bug\"}");
        assertTrue(bug.contains("{\"code\":1,\"message\":\"ERROR_GENERAL\""), bug);
        assertFalse(bug.contains("boom"), "no internals leak: " + bug);
        for (String method : List.of("oom", "recursion")) {
            String answer = call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1." + method + "\"}");
            assertTrue(answer.contains("{\"code\":1,\"message\":\"ERROR_GENERAL\""), answer);
        }
    }

    @Test
    void badParamsAreRefusedBeforeTheMethod() {
        String r4 = call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":{\"a\":\"x\"}}");
        assertTrue(r4.contains("{\"code\":50,\"message\":\"ERROR_PARSE_FAILURE\",\"data\":"), r4);
        String r5 = call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":{\"a\":[1]}}");
        assertTrue(r5.contains("{\"code\":-31050,\"message\":\"Cannot deserialize"), r5);
    }

    @Test
    void paramsThatAreNotAnObjectAreRefusedWhereNamedParamsAreTaken() {
        for (WireProfile profile : List.of(WireProfile.R2, WireProfile.R4)) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"Invalid parameters.\","
                    + "\"data\":\"'add' takes named params: send an object, not an array\"}}",
                    call(profile, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":[1,2]}"), profile.name());
            assertTrue(call(profile, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":\"a=1\"}")
                    .contains("\"code\":-32602,\"message\":\"Invalid parameters.\",\"data\":\"'add' takes named params: "
                            + "send an object, not a string\""), profile.name());
        }
        // R5's typed parse fails before the method, with its parser's text (issue 16: wrong-typed params)
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-31050,\"message\":"
                + "\"Invalid value.\\\"null\\\" or \\\"{\\\" expected.\"}}",
                call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":[1,2]}"));
        assertTrue(call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":{}}")
                .contains("{\"code\":-31050,\"message\":\"Expected new element, \\\"}\\\" found.\"}"));
        for (WireProfile profile : WireProfile.values()) {
            assertTrue(call(profile, "{\"id\":1,\"method\":\"org.rdk.Test.1.register\",\"params\":\"ev\"}",
                    null, new Recorder()).contains("\"code\":-32602"), profile.name());
        }
        // absent or null params are no params; scalar and raw params keep any shape
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":null}")
                .contains("ERROR_GENERAL"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[1]}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.raw\",\"params\":[1]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.counter\",\"params\":\"5\"}"));
    }

    @Test
    void declaredParamTypesFailInR5AndAreDroppedInR4() {
        // R5 refuses before the method; R4 runs it as if the wrong-typed member were absent (Thunder's typed parse)
        assertTrue(call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.typed\",\"params\":{\"name\":5}}")
                .contains("{\"code\":-31050,\"message\":\"Invalid value. \\\"name\\\" must be a string, not a number.\"}"));
        assertTrue(call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.typed\",\"params\":\"x\"}")
                .contains("\"code\":-31050"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"name\":\"c\"}}",
                call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.typed\",\"params\":{\"name\":\"c\"}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"other\":5}}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.typed\",\"params\":{\"name\":5,\"other\":5}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.typed\",\"params\":[\"c\"]}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"none\"}",
                call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.typed\"}"));
    }

    @Test
    void registrationsPerConnectionAreCapped() {
        for (WireProfile profile : WireProfile.values()) {
            JsonCodec codec = new JsonCodec(profile);
            Subscriptions subs = new Subscriptions(codec, 2);
            Dispatcher d = dispatcher(profile, subs);
            Recorder ws = new Recorder();
            Recorder other = new Recorder();
            String reg = "{\"id\":1,\"method\":\"org.rdk.Test.1.register\",\"params\":{\"event\":\"ev\",\"id\":\"c%d\"}}";
            assertFalse(send(d, codec, String.format(reg, 1), ws).contains("error"));
            assertFalse(send(d, codec, String.format(reg, 2), ws).contains("error"));
            String refused = send(d, codec, String.format(reg, 3), ws);
            WireError expected = profile.registrationFailed("this connection holds 2 registrations, the most one "
                    + "connection may have; unregister some first");
            assertTrue(refused.contains("\"code\":" + expected.code() + ",\"message\":\"" + expected.message()
                    + "\",\"data\":\"" + expected.data() + "\""), refused);
            // a repeated registration at the cap is still a duplicate, and other connections are not affected
            WireError duplicate = profile.duplicateRegistration();
            assertTrue(send(d, codec, String.format(reg, 2), ws).endsWith("\"error\":{\"code\":" + duplicate.code()
                    + ",\"message\":\"" + duplicate.message() + "\"}}"), profile.name());
            assertFalse(send(d, codec, String.format(reg, 3), other).contains("error"));
            // room comes back with unregister, and when the plugin goes
            assertFalse(send(d, codec, String.format(reg, 1).replace("register", "unregister"), ws).contains("error"));
            assertFalse(send(d, codec, String.format(reg, 3), ws).contains("error"));
            assertEquals(2, subs.countOf(ws));
            subs.dropCallsign("org.rdk.Test");
            assertEquals(0, subs.countOf(ws));
            assertFalse(send(d, codec, String.format(reg, 4), ws).contains("error"));
        }
        assertEquals(48, WireProfile.R4.registrationFailed(null).code());
        assertEquals("ERROR_FAILED_REGISTERED", WireProfile.R4.registrationFailed(null).message());
        assertEquals(-31048, WireProfile.R5.registrationFailed(null).code());
    }

    @Test
    void aRegistrationThatArrivesAfterItsConnectionClosedIsUndone() {
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Subscriptions subs = new Subscriptions(codec, 10);
        Recorder gone = new Recorder() {
            @Override
            public boolean isOpen() {
                return false;
            }
        };
        assertEquals(Subscriptions.Added.ADDED,
                subs.add("org.rdk.Test", new Subscriptions.Subscription(gone, "ev", "c", null)));
        assertEquals(0, subs.count("org.rdk.Test"));
        assertEquals(0, subs.countOf(gone));
    }

    @Test
    void properties() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"allocated\":5}}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.memory@c1\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":2,\"message\":\"{}\"}}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.memory@zz\"}"));
        // a read-only property read with params is a write attempt in hand-written Thunder handlers
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.memory@c1\",\"params\":{}}")
                .contains("{\"code\":2,\"message\":\"ERROR_UNAVAILABLE\""));
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Dispatcher d = dispatcher(WireProfile.R4, new Subscriptions(codec));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", send(d, codec,
                "{\"id\":1,\"method\":\"org.rdk.Test.1.counter\",\"params\":41}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":41}", send(d, codec,
                "{\"id\":2,\"method\":\"org.rdk.Test.1.counter\"}"));
    }

    @Test
    void builtIns() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":22}",
                call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.exists\",\"params\":\"add\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}",
                call(WireProfile.R2, "{\"id\":1,\"method\":\"org.rdk.Test.1.exists\",\"params\":\"add\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":true}",
                call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.exists\",\"params\":{\"method\":\"add\"}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":false}",
                call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.exists\",\"params\":{\"method\":\"zz\"}}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[]}",
                call(WireProfile.R5, "{\"id\":1,\"method\":\"org.rdk.Test.1.versions\"}"));
        assertTrue(call(WireProfile.R4, "{\"id\":1,\"method\":\"org.rdk.Test.1.versions\"}").contains("-32601"));
    }

    @Test
    void registerDeliverAndUnregister() {
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Subscriptions subs = new Subscriptions(codec);
        Dispatcher d = dispatcher(WireProfile.R4, subs);
        Recorder ws = new Recorder();
        String reg = "{\"id\":1,\"method\":\"org.rdk.Test.1.register\",\"params\":{\"event\":\"ev\",\"id\":\"client.T\"}}";
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", send(d, codec, reg, ws));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":22,\"message\":\"Registration already done!!!.\"}}",
                send(d, codec, reg, ws));
        assertEquals(1, subs.publish("org.rdk.Test", "ev", null, Map.of("name", "c")));
        assertEquals(0, subs.publish("org.rdk.Test", "other", null, null));
        assertEquals(List.of("{\"jsonrpc\":\"2.0\",\"method\":\"client.T.ev\",\"params\":{\"name\":\"c\"}}"), ws.sent);
        String unreg = reg.replace("register", "unregister");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":0}", send(d, codec, unreg, ws));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":22,\"message\":\"Unregister was already done!!!.\"}}",
                send(d, codec, unreg, ws));
        assertEquals(0, subs.publish("org.rdk.Test", "ev", null, null));
    }

    @Test
    void subscriptionsEndWithTheChannel() {
        JsonCodec codec = new JsonCodec(WireProfile.R5);
        Subscriptions subs = new Subscriptions(codec);
        Dispatcher d = dispatcher(WireProfile.R5, subs);
        Recorder ws = new Recorder();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", send(d, codec,
                "{\"id\":1,\"method\":\"org.rdk.Test.1.register@c1\",\"params\":{\"event\":\"ev\",\"id\":\"7\"}}", ws));
        assertEquals(0, subs.publish("org.rdk.Test", "ev", "c2", null));
        assertEquals(1, subs.publish("org.rdk.Test", "ev", "c1", null));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"7.ev@c1\"}", ws.sent.get(0));
        assertTrue(send(d, codec, "{\"id\":2,\"method\":\"org.rdk.Test.1.register\",\"params\":{\"event\":\"ev\"}}", ws)
                .contains("\"code\":-32602"));
        subs.dropChannel(ws);
        assertEquals(0, subs.count("org.rdk.Test"));
    }

    @Test
    void notificationsAnswerOnlyErrors() {
        assertNull(call(WireProfile.R4, "{\"method\":\"org.rdk.Test.1.nothing\"}"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Unknown method.\","
                + "\"data\":\"'org.rdk.Test' has no method 'zz'\"}}",
                call(WireProfile.R4, "{\"method\":\"org.rdk.Test.1.zz\"}"));
    }

    /** Lets a caller use only org.rdk.Test.add and register there. */
    private static final Caller ADD_ONLY = (callsign, method) -> callsign.equals("org.rdk.Test")
            && (method.equals("add") || method.equals("register"));

    @Test
    void refusedCallsAreDeniedBeforeAnythingIsRevealed() throws Exception {
        JsonCodec r4 = new JsonCodec(WireProfile.R4);
        Dispatcher d = dispatcher(WireProfile.R4, new Subscriptions(r4));
        Reply r = d.dispatch(r4.readRequest("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"org.rdk.Test.1.nothing\","
                + "\"params\":{\"a\":1}}"), null, null, ADD_ONLY);
        assertTrue(r.denied());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"org.rdk.Test.1.nothing\",\"params\":{\"a\":1},"
                + "\"error\":{\"code\":-32604,\"message\":\"method invokation not allowed.\",\"data\":"
                + "\"'org.rdk.Test.nothing' is not allowed for this caller\"}}", new String(r.body(), StandardCharsets.UTF_8));
        // an unknown callsign is refused the same way: its absence is not revealed
        assertTrue(d.dispatch(r4.readRequest("{\"id\":1,\"method\":\"Nobody.1.x\"}"), null, null, ADD_ONLY).denied());
        assertFalse(d.dispatch(r4.readRequest("{\"id\":1,\"method\":\"org.rdk.Test.1.add\",\"params\":{\"a\":1,\"b\":2}}"),
                null, null, ADD_ONLY).denied());

        JsonCodec r5 = new JsonCodec(WireProfile.R5);
        Reply r5Reply = dispatcher(WireProfile.R5, new Subscriptions(r5))
                .dispatch(r5.readRequest("{\"id\":4,\"method\":\"Controller.1.ping\"}"), null, null, ADD_ONLY);
        assertTrue(new String(r5Reply.body(), StandardCharsets.UTF_8).startsWith(
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32604,\"message\":\"Method invocation not allowed.\""));
    }

    @Test
    void eventsGoOnlyToChannelsThatMayReceiveThem() {
        JsonCodec codec = new JsonCodec(WireProfile.R4);
        Subscriptions subs = new Subscriptions(codec);
        Recorder open = new Recorder();
        Recorder closed = new Recorder() {
            @Override
            public boolean receives(String callsign) {
                return false;
            }
        };
        subs.add("org.rdk.Test", new Subscriptions.Subscription(open, "changed", "c", null));
        subs.add("org.rdk.Test", new Subscriptions.Subscription(closed, "changed", "c", null));
        assertEquals(1, subs.publish("org.rdk.Test", "changed", null, Map.of("x", 1)));
        assertEquals(1, open.sent.size());
        assertTrue(closed.sent.isEmpty());
    }

    private static String send(Dispatcher d, JsonCodec codec, String json) {
        return send(d, codec, json, null);
    }

    private static String send(Dispatcher d, JsonCodec codec, String json, Channel ch) {
        try {
            return new String(d.dispatch(codec.readRequest(json), null, ch, Caller.TRUSTED).body(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
