package io.ociplane.jsonrpc.dispatch;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ociplane.jsonrpc.wire.JsonCodec;
import io.ociplane.jsonrpc.wire.WireProfile;

/**
 * Event registrations, keyed as Thunder keys them: (connection, event, client id, index), per callsign. Events go
 * only to the connection that registered.
 */
public final class Subscriptions {

    /** One registration; {@code index} is {@code null} when the client registered without one. */
    public record Subscription(Channel channel, String event, String clientId, String index) {
    }

    private final Map<String, Set<Subscription>> byCallsign = new ConcurrentHashMap<>();
    private final JsonCodec codec;

    public Subscriptions(JsonCodec codec) {
        this.codec = codec;
    }

    /** @return false when the same registration exists already */
    public boolean add(String callsign, Subscription s) {
        return byCallsign.computeIfAbsent(callsign, k -> ConcurrentHashMap.newKeySet()).add(s);
    }

    /** @return false when there was no such registration */
    public boolean remove(String callsign, Subscription s) {
        Set<Subscription> set = byCallsign.get(callsign);
        return set != null && set.remove(s);
    }

    public int count(String callsign) {
        Set<Subscription> set = byCallsign.get(callsign);
        return set == null ? 0 : set.size();
    }

    /** Ends every registration of a connection that closed. */
    public void dropChannel(Channel channel) {
        for (Set<Subscription> set : byCallsign.values()) {
            set.removeIf(s -> s.channel() == channel);
        }
    }

    /** Ends every registration on a plugin that was deactivated. */
    public void dropCallsign(String callsign) {
        byCallsign.remove(callsign);
    }

    /**
     * Sends an event to every connection registered for it on that callsign.
     *
     * @return how many connections it was sent to
     */
    public int publish(String callsign, String event, String index, Object params) {
        Set<Subscription> set = byCallsign.get(callsign);
        if (set == null || set.isEmpty()) {
            return 0;
        }
        int sent = 0;
        String paramsText = null; // written once, for the first subscriber
        for (Iterator<Subscription> it = set.iterator(); it.hasNext();) {
            Subscription s = it.next();
            if (s.event().equals(event) && (s.index() == null || s.index().equals(index))
                    && s.channel().receives(callsign)) {
                if (paramsText == null && params != null) {
                    paramsText = codec.paramsText(params);
                }
                s.channel().send(codec.eventWithParams(methodFor(s.clientId(), event, index), paramsText));
                sent++;
            }
        }
        return sent;
    }

    /** {@code <client id>.<event>[@index]}; R2 sends the bare event name when the client id is empty. */
    private String methodFor(String clientId, String event, String index) {
        String base = clientId.isEmpty() && codec.profile() == WireProfile.R2 ? event : clientId + "." + event;
        return index == null ? base : base + "@" + index;
    }
}
