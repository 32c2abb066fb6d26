package io.ociplane.jsonrpc.internal.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import io.ociplane.jsonrpc.internal.wire.Designator;
import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.MalformedRequestException;
import io.ociplane.jsonrpc.internal.wire.Request;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * Coverage-guided fuzz test of the JSON-RPC request path, bytes to reply, for each wire profile: the body read by
 * {@link JsonCodec#readRequest(byte[], int)} as the HTTP servlet reads it and by {@link JsonCodec#readRequest(String)}
 * as the WebSocket reads a text frame, then dispatched by a {@link Dispatcher} to {@link FuzzPlugins} as a trusted
 * caller: on the broker endpoint, on a callsign endpoint and on a WebSocket that receives events. Invariants: no
 * exception but the documented {@link MalformedRequestException}; every reply and event as {@link WireReplies}
 * requires; nothing but a successful notification goes unanswered; a successful {@code register} makes the events
 * reach the connection, and closing it ends every registration; each input is done within {@link #PER_INPUT}.
 *
 * <p>Without {@code JAZZER_FUZZ} it runs the committed seeds (RequestPathFuzzTestInputs/requestPath/) as plain
 * tests; with it, it fuzzes. See docs/fuzzing.md.
 */
class RequestPathFuzzTest {

    /** Bodies above this are not tried: each input must be quick; the transport caps bodies (maxRequestBytes). */
    private static final int MAX_BODY = 16 * 1024;
    /** Far above what any input takes (about a millisecond): a hang, not a slow machine. */
    private static final Duration PER_INPUT = Duration.ofSeconds(10);

    private final Map<WireProfile, JsonCodec> codecs = new EnumMap<>(WireProfile.class);
    private final WireReplies replies = new WireReplies();

    RequestPathFuzzTest() {
        for (WireProfile profile : WireProfile.values()) {
            codecs.put(profile, new JsonCodec(profile));
        }
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "jsonrpc.dict")
    void requestPath(byte[] body) {
        if (body.length > MAX_BODY) {
            return;
        }
        // per input, not @Timeout: that would bound the whole fuzzing run, which is one JUnit invocation
        assertTimeoutPreemptively(PER_INPUT, () -> {
            for (JsonCodec codec : codecs.values()) {
                overHttp(codec, body);
                overWebSocket(codec, body);
            }
        });
    }

    /** {@code POST /jsonrpc} and {@code POST /jsonrpc/org.rdk.OCIContainer}: no events on this transport. */
    private void overHttp(JsonCodec codec, byte[] body) {
        Subscriptions subscriptions = new Subscriptions(codec);
        Dispatcher dispatcher = dispatcher(codec, subscriptions);
        Request request;
        try {
            request = codec.readRequest(body, body.length);
        } catch (MalformedRequestException e) {
            answerMalformed(dispatcher, e);
            return;
        }
        answer(dispatcher.dispatch(request, null, null, Caller.TRUSTED), request);
        answer(dispatcher.dispatch(request, FuzzPlugins.OCI, null, Caller.TRUSTED), request);
        assertEquals(0, registrations(subscriptions), "nothing registers without a channel");
    }

    /** A text frame on a WebSocket of {@code /jsonrpc}: events may follow, and end when the socket closes. */
    private void overWebSocket(JsonCodec codec, byte[] body) {
        Subscriptions subscriptions = new Subscriptions(codec);
        Dispatcher dispatcher = dispatcher(codec, subscriptions);
        Recorder socket = new Recorder();
        Request message;
        try {
            message = codec.readRequest(new String(body, StandardCharsets.UTF_8));
        } catch (MalformedRequestException e) {
            answerMalformed(dispatcher, e);
            return;
        }
        // registered before, so that the plugin's "emit" reaches a subscriber
        subscriptions.add(FuzzPlugins.OCI,
                new Subscriptions.Subscription(socket, "onContainerStarted", "client.events", null));
        subscriptions.add(FuzzPlugins.OCI, new Subscriptions.Subscription(socket, "onContainerStopped", "c", "sleepy"));
        int before = registrations(subscriptions);
        answer(dispatcher.dispatch(message, null, socket, Caller.TRUSTED), message);
        if (registrations(subscriptions) > before) {
            assertTrue(emitWhatWasRegistered(subscriptions, message) > 0,
                    "a successful register makes the event reach the socket");
        }
        socket.sent.forEach(replies::checkEvent);
        subscriptions.dropChannel(socket);
        assertEquals(0, registrations(subscriptions), "closing the socket ends its registrations");
    }

    private static Dispatcher dispatcher(JsonCodec codec, Subscriptions subscriptions) {
        return new Dispatcher(new FuzzPlugins(subscriptions), subscriptions, codec, FuzzPlugins.CONTROLLER);
    }

    private void answerMalformed(Dispatcher dispatcher, MalformedRequestException e) {
        assertNotNull(e.error(), "a malformed request carries its error");
        Reply reply = dispatcher.malformed(e.id(), e.error());
        assertTrue(reply.error(), "a malformed request is answered with an error");
        replies.checkResponse(reply, e.id());
    }

    private void answer(Reply reply, Request request) {
        assertFalse(reply.denied(), "a trusted caller is never denied");
        if (request.isNotification() && !reply.error()) {
            assertNull(reply.body(), "a successful notification is not answered");
            return;
        }
        replies.checkResponse(reply, request.id());
    }

    /** Publishes the event a {@code register} named, as the plugin would emit it, with the params as payload. */
    private static int emitWhatWasRegistered(Subscriptions subscriptions, Request register) {
        Designator d = Designator.parse(register.method());
        JsonNode event = register.params() == null ? null : register.params().get("event");
        String name = event == null || event.isNull() || event.isContainerNode() ? "" : event.asText();
        return subscriptions.publish(d.callsign().isEmpty() ? FuzzPlugins.CONTROLLER : d.callsign(), name, d.index(),
                register.params());
    }

    private static int registrations(Subscriptions subscriptions) {
        int n = 0;
        for (String callsign : List.of(FuzzPlugins.OCI, FuzzPlugins.CONTAINERS, FuzzPlugins.CONTROLLER,
                FuzzPlugins.INACTIVE)) {
            n += subscriptions.count(callsign);
        }
        return n;
    }

    /** A WebSocket as the dispatcher sees it: it keeps what is sent to it. */
    private static final class Recorder implements Channel {
        final List<String> sent = new ArrayList<>();

        @Override
        public void send(String text) {
            sent.add(text);
        }
    }
}
