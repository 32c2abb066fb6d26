package io.ociplane.console.internal;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ociplane.jsonrpc.local.LocalJsonRpc;
import io.ociplane.jsonrpc.local.LocalSession;

/**
 * Follows {@code org.rdk.OCIContainer}'s events as a WebSocket client would: registers for each on a session of
 * its own and prints them as they come, until interrupted (Ctrl-C in Gogo) or enough have been printed.
 */
final class ContainerEvents {

    static final String CALLSIGN = "org.rdk.OCIContainer";
    static final List<String> EVENTS = List.of("onContainerStarted", "onContainerStopped", "onContainerStateChanged",
            "onContainerHibernated", "onContainerAwoken");
    private static final String CLIENT = "console";
    /** Events the console has not printed yet; more are counted as dropped instead of blocking the plugin. */
    private static final int BACKLOG = 1024;

    private final ObjectMapper mapper;
    private final LocalJsonRpc host;

    ContainerEvents(ObjectMapper mapper, LocalJsonRpc host) {
        this.mapper = mapper;
        this.host = host;
    }

    /** @param max how many events to print before returning; 0 for no limit */
    void follow(int max, PrintStream out) throws Refused {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(BACKLOG);
        AtomicLong dropped = new AtomicLong();
        try (LocalSession session = host.open(text -> {
            if (!queue.offer(text)) {
                dropped.incrementAndGet();
            }
        })) {
            HostCalls calls = new HostCalls(mapper, session);
            for (String event : EVENTS) {
                calls.call(CALLSIGN + ".1.register", calls.params().put("event", event).put("id", CLIENT));
            }
            out.println("Following " + CALLSIGN + " events" + (max > 0 ? " (" + max + ")" : "") + "; Ctrl-C ends");
            out.flush();
            for (int printed = 0; max == 0 || printed < max; printed++) {
                String text = queue.take();
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.println("(" + lost + " events dropped: printing could not keep up)");
                }
                out.println(line(text));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Ctrl-C: the command ends, the session's registrations with it
        }
    }

    /** {@code 12:00:01.234 onContainerStarted {"descriptor":"91","name":"x"}}, the client id taken off. */
    private String line(String notification) {
        String time = LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
        try {
            JsonNode n = mapper.readTree(notification);
            String method = n.path("method").asText();
            String event = method.startsWith(CLIENT + ".") ? method.substring(CLIENT.length() + 1) : method;
            return time + " " + event + " " + n.path("params");
        } catch (JsonProcessingException e) {
            return time + " " + notification;
        }
    }
}
