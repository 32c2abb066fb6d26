package io.ociplane.run.soak;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The events every subscriber must have: each container the workers started and stopped sends
 * onContainerStateChanged (Running), onContainerStarted, onContainerStateChanged (Stopped) and onContainerStopped
 * (docs/plugins-api.md). Subscribers reconnect only at quiet points, when no event is on its way, so every
 * subscriber expects every event, exactly once. At each quiet point the ledger waits until every subscriber has
 * the events expected since the last one, then counts what is missing, doubled or not expected.
 */
final class EventLedger {

    private final List<String> pending = new ArrayList<>();
    private long expected;
    private long delivered;
    private long missing;
    private long duplicates;
    private long unexpected;

    /** The identity of an event: its name, the container, and for a state change the state. */
    static String key(String event, JsonNode params) {
        return event.equals("onContainerStateChanged")
                ? event + " " + params.path("containerId").asText() + " " + params.path("state").asText()
                : event + " " + params.path("name").asText();
    }

    synchronized void started(String id) {
        pending.add("onContainerStateChanged " + id + " Running");
        pending.add("onContainerStarted " + id);
    }

    synchronized void stopped(String id) {
        pending.add("onContainerStateChanged " + id + " Stopped");
        pending.add("onContainerStopped " + id);
    }

    /** Waits (polling, up to the time given) until every subscriber has every pending event; returns whether so. */
    boolean awaitDelivered(List<Subscriber> subscribers, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!allDelivered(subscribers)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20); // polling interval; the condition decides
        }
        return true;
    }

    private synchronized boolean allDelivered(List<Subscriber> subscribers) {
        return subscribers.stream().allMatch(s -> pending.stream().allMatch(s::has));
    }

    /** Counts the pending events at each subscriber and starts afresh (call at a quiet point, after waiting). */
    synchronized void settle(List<Subscriber> subscribers) {
        for (Subscriber s : subscribers) {
            for (String key : pending) {
                int n = s.take(key);
                if (n == 0) {
                    missing++;
                } else {
                    delivered++;
                    duplicates += n - 1;
                }
            }
            unexpected += s.takeRest();
            expected += pending.size();
        }
        pending.clear();
    }

    synchronized long expected() {
        return expected;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long missing() {
        return missing;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long unexpected() {
        return unexpected;
    }
}
