package io.ociplane.run;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every client of {@link HotSwapUnderLoadIT} records. Answers by kind, per phase and per group of calls:
 * "OCI" (OCIContainer's methods and Controller status of it) and "Containers" (the Containers plugin and its
 * status, which wait the grace while it has no bundle). A request counts in the phase in which its answer
 * arrived: one sent just before a switch and answered after it belongs to the switch.
 */
final class LoadStats {
    static final String[] GROUPS = { "OCI", "Containers" };
    static final String[] KINDS = { "result", "error 2 Service is not active", "error 1 ERROR_GENERAL no container" };

    private final String[] phases;
    volatile int phase;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong noAnswer = new AtomicLong();
    final AtomicLong fiveXX = new AtomicLong();
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>(); // "phase group transport kind"
    final Map<String, String> unexpected = new ConcurrentHashMap<>(); // what: first body
    final Map<String, String> samples = new ConcurrentHashMap<>(); // counts key: first body
    final LongAdder[] perPhase;
    final LongAccumulator[][] slowest;
    final LongAccumulator slowestOverall = new LongAccumulator(Math::max, 0);

    /** @param phases the names of the phases, in order, as the report shows them */
    LoadStats(String... phases) {
        this.phases = phases.clone();
        perPhase = new LongAdder[phases.length];
        slowest = new LongAccumulator[phases.length][GROUPS.length];
        for (int i = 0; i < phases.length; i++) {
            perPhase[i] = new LongAdder();
            for (int g = 0; g < GROUPS.length; g++) {
                slowest[i][g] = new LongAccumulator(Math::max, 0);
            }
        }
    }

    /** @param status HTTP status, or 0 for an answer over WebSocket */
    void record(String transport, int group, long nanos, int status, String body) {
        int phaseSent = phase; // the phase at the answer
        answered.incrementAndGet();
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        perPhase[phaseSent].increment();
        slowest[phaseSent][group].accumulate(ms);
        slowestOverall.accumulate(ms);
        if (status >= 500) {
            fiveXX.incrementAndGet();
        }
        String kind;
        JsonNode json;
        try {
            json = Json.tree(body);
        } catch (AssertionError e) {
            json = null;
        }
        if (json == null) {
            kind = "not JSON";
        } else if (json.has("result")) {
            kind = status == 0 || status == 200 ? KINDS[0] : "result with HTTP " + status;
        } else {
            JsonNode error = json.path("error");
            int code = error.path("code").asInt();
            String message = error.path("message").asText();
            String data = error.path("data").asText("");
            if (status != 0 && status != 202) {
                kind = "error with HTTP " + status;
            } else if (code == 2 && message.equals("Service is not active")) {
                kind = KINDS[1];
            } else if (code == 1 && message.equals("ERROR_GENERAL") && data.startsWith("no container '")) {
                kind = KINDS[2];
            } else {
                kind = "error " + code + " " + message;
            }
        }
        String key = phaseSent + " " + group + " " + transport + " " + kind;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        samples.putIfAbsent(key, body);
        if (!List.of(KINDS).contains(kind)) {
            unexpected.putIfAbsent(transport + " " + kind + " in phase " + phaseSent, body);
        }
    }

    void lost(String transport, String why) {
        noAnswer.incrementAndGet();
        unexpected.putIfAbsent(transport + " no answer", why);
    }

    long inPhase(int p) {
        return perPhase[p].sum();
    }

    /** Answers of a kind, over the phases, groups and transports that match (null for any). */
    long count(Integer phase, Integer group, String transport, String kind) {
        long sum = 0;
        for (Map.Entry<String, LongAdder> e : counts.entrySet()) {
            String[] k = e.getKey().split(" ", 4);
            if ((phase == null || k[0].equals(phase.toString())) && (group == null || k[1].equals(group.toString()))
                    && (transport == null || k[2].equals(transport)) && (kind == null || k[3].equals(kind))) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    /**
     * The totals, a table of the phases and the kinds per transport.
     *
     * @param setup what ran, the start of the first line (the totals follow it)
     */
    String report(String setup) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s: %d requests sent, %d answered, %d without answer, %d 5xx, slowest %d ms%n", setup,
                sent.get(), answered.get(), noAnswer.get(), fiveXX.get(), slowestOverall.get()));
        b.append(String.format("  %-38s %8s %8s %10s %11s %6s %13s %14s%n", "phase", "answers", "results", "notActive",
                "noContainer", "other", "slowest OCI", "slowest Cont."));
        for (int p = 0; p < phases.length; p++) {
            long results = count(p, null, null, KINDS[0]);
            long notActive = count(p, null, null, KINDS[1]);
            long gone = count(p, null, null, KINDS[2]);
            b.append(String.format("  %-38s %8d %8d %10d %11d %6d %10d ms %11d ms%n", phases[p], inPhase(p),
                    results, notActive, gone, inPhase(p) - results - notActive - gone, slowest[p][0].get(),
                    slowest[p][1].get()));
        }
        for (String transport : List.of("HTTP", "WS")) {
            b.append(String.format("  %-4s results %d, not active %d (OCI %d, Containers %d), no container %d%n",
                    transport, count(null, null, transport, KINDS[0]), count(null, null, transport, KINDS[1]),
                    count(null, 0, transport, KINDS[1]), count(null, 1, transport, KINDS[1]),
                    count(null, null, transport, KINDS[2])));
        }
        new TreeMap<>(unexpected).forEach((k, v) -> b.append("  UNEXPECTED ").append(k).append(": ").append(v)
                .append('\n'));
        return b.toString();
    }
}
