package io.ociplane.jsonrpc.internal.dispatch;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * Event registrations, keyed as Thunder keys them: (connection, event, client id, index), per callsign. Events go
 * only to the connection that registered. Each connection may hold at most a set number of registrations: one
 * event is sent once per matching registration, so without a cap a client could make every event cost the host
 * thousands of messages (docs/wire.md).
 */
public final class Subscriptions {

    /** One registration; {@code index} is {@code null} when the client registered without one. */
    public record Subscription(Channel channel, String event, String clientId, String index) {
    }

    /** What {@link #add} did. */
    public enum Added {
        ADDED, DUPLICATE, OVER_LIMIT,
        /** The callsign's registrations were ended (a deactivation) while this one was being added. */
        ENDED
    }

    private final Map<String, Set<Subscription>> byCallsign = new ConcurrentHashMap<>();
    private final Map<Channel, AtomicInteger> perChannel = new ConcurrentHashMap<>();
    private final JsonCodec codec;
    private final int maxPerChannel;

    /** Without a cap on registrations per connection (tests, tools). */
    public Subscriptions(JsonCodec codec) {
        this(codec, Integer.MAX_VALUE);
    }

    /** @param maxPerChannel how many registrations one connection may hold */
    public Subscriptions(JsonCodec codec, int maxPerChannel) {
        this.codec = codec;
        this.maxPerChannel = maxPerChannel;
    }

    public int maxPerChannel() {
        return maxPerChannel;
    }

    public Added add(String callsign, Subscription s) {
        Set<Subscription> set = byCallsign.computeIfAbsent(callsign, k -> ConcurrentHashMap.newKeySet());
        if (set.contains(s)) {
            return Added.DUPLICATE;
        }
        AtomicInteger held = perChannel.computeIfAbsent(s.channel(), c -> new AtomicInteger());
        if (held.incrementAndGet() > maxPerChannel) {
            held.decrementAndGet();
            return Added.OVER_LIMIT;
        }
        if (!set.add(s)) {
            held.decrementAndGet();
            return Added.DUPLICATE;
        }
        if (byCallsign.get(callsign) != set) {
            // dropCallsign took the set away between our look-up and our add: this registration died with it
            // (whoever removes it from the set gives its place back, so the count is given back once)
            if (set.remove(s)) {
                held.decrementAndGet();
            }
            return Added.ENDED;
        }
        if (!s.channel().isOpen()) {
            // closed while this registration was on its way: its drop may have run already, so undo it here
            remove(callsign, s);
            perChannel.remove(s.channel());
        }
        return Added.ADDED;
    }

    /** @return false when there was no such registration */
    public boolean remove(String callsign, Subscription s) {
        Set<Subscription> set = byCallsign.get(callsign);
        if (set == null || !set.remove(s)) {
            return false;
        }
        released(s.channel());
        return true;
    }

    public int count(String callsign) {
        Set<Subscription> set = byCallsign.get(callsign);
        return set == null ? 0 : set.size();
    }

    /** How many registrations a connection holds. */
    public int countOf(Channel channel) {
        AtomicInteger held = perChannel.get(channel);
        return held == null ? 0 : held.get();
    }

    /** Ends every registration of a connection that closed. */
    public void dropChannel(Channel channel) {
        for (Set<Subscription> set : byCallsign.values()) {
            set.removeIf(s -> s.channel() == channel);
        }
        perChannel.remove(channel);
    }

    /** Ends every registration on a plugin that was deactivated. */
    public void dropCallsign(String callsign) {
        Set<Subscription> set = byCallsign.remove(callsign);
        if (set != null) {
            for (Subscription s : set) {
                if (set.remove(s)) { // an add racing this drop may take its own registration out first
                    released(s.channel());
                }
            }
        }
    }

    private void released(Channel channel) {
        AtomicInteger held = perChannel.get(channel);
        if (held != null) {
            held.decrementAndGet();
        }
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

    /** Sends an event to one registration only (what a plugin answers a registration with, at once). */
    public void sendTo(Subscription s, String index, Object params) {
        s.channel().send(codec.event(methodFor(s.clientId(), s.event(), index), params));
    }

    /** {@code <client id>.<event>[@index]}; R2 sends the bare event name when the client id is empty. */
    private String methodFor(String clientId, String event, String index) {
        String base = clientId.isEmpty() && codec.profile() == WireProfile.R2 ? event : clientId + "." + event;
        return index == null ? base : base + "@" + index;
    }
}
