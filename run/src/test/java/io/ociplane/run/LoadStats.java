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
 * What every client of {@link HotSwapUnderLoadIT} and {@link HostSwapUnderLoadIT} records. Answers by kind, per
 * phase and per group of calls: "OCI" (OCIContainer's methods and Controller status of it) and "Containers" (the
 * Containers plugin and its status, which wait the grace while it has no bundle). A request counts in the phase in
 * which its answer arrived: one sent just before a switch and answered after it belongs to the switch. Attempts a
 * client made again because the endpoint was not there (see {@link Unreached}) are counted per phase and reason;
 * such a request's time runs from its first attempt, and it counts in the phase of its first retry.
 */
final class LoadStats {
    static final String[] GROUPS = { "OCI", "Containers" };
    /** The kinds of answer a switch explains; the wire forms of each profile are in {@link #kindOf}. */
    static final String[] KINDS = { "result", "error Service is not active", "error ERROR_GENERAL no container" };

    private final String[] phases;
    /** Whether R5's wire forms are valid answers too (the host's profile changes under the load). */
    private final boolean r5;
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

    final Map<String, LongAdder> retries = new ConcurrentHashMap<>(); // "phase transport reason"
    final Map<String, LongAdder> profiles = new ConcurrentHashMap<>(); // "phase profile"

    /** Answers in R4's wire forms only. @param phases the names of the phases, in order, as the report shows them */
    LoadStats(String... phases) {
        this(false, phases);
    }

    /** @param r5 whether R5's wire forms are valid too (besides R4's) */
    LoadStats(boolean r5, String... phases) {
        this.r5 = r5;
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
        record(transport, group, nanos, status, body, phase);
    }

    /**
     * @param phaseSent the phase the answer counts in: the phase at the answer, or for a request that was tried
     *            again, the phase in which it first was (the swap that delayed it)
     */
    void record(String transport, int group, long nanos, int status, String body, int phaseSent) {
        answered.incrementAndGet();
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        perPhase[phaseSent].increment();
        slowest[phaseSent][group].accumulate(ms);
        slowestOverall.accumulate(ms);
        if (status >= 500) {
            fiveXX.incrementAndGet();
        }
        JsonNode json;
        try {
            json = Json.tree(body);
        } catch (AssertionError e) {
            json = null;
        }
        String profile = json == null ? null : profileOf(status, json);
        if (profile != null) {
            // by the phase at the answer: a call tried again in one phase may be answered after the next swap
            profiles.computeIfAbsent(phase + " " + profile, k -> new LongAdder()).increment();
        }
        String kind = json == null ? "not JSON" : kindOf(status, json, profile);
        String key = phaseSent + " " + group + " " + transport + " " + kind;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        samples.putIfAbsent(key, body);
        if (!List.of(KINDS).contains(kind)) {
            unexpected.putIfAbsent(transport + " " + kind + " in phase " + phaseSent, body);
        }
    }

    /**
     * The kind of a JSON answer. Errors travel with HTTP 202 in R4 and 200 in R5 (0: over WebSocket); R5 numbers
     * not active -31002 and a plugin's general error -31001.
     */
    private String kindOf(int status, JsonNode json, String profile) {
        if (json.has("result")) {
            return status == 0 || status == 200 ? KINDS[0] : "result with HTTP " + status;
        }
        JsonNode error = json.path("error");
        int code = error.path("code").asInt();
        String message = error.path("message").asText();
        String data = error.path("data").asText("");
        boolean isR5 = "R5".equals(profile);
        if (status != 0 && status != 202 && !(r5 && status == 200)) {
            return "error with HTTP " + status;
        }
        if (isR5 && !r5) {
            return "error in R5's form " + code + " " + message;
        }
        if (isR5 ? code == -31002 && message.equals("The service is not active.")
                : code == 2 && message.equals("Service is not active")) {
            return KINDS[1];
        }
        if (code == (isR5 ? -31001 : 1) && message.equals("ERROR_GENERAL") && data.startsWith("no container '")) {
            return KINDS[2];
        }
        return "error " + code + " " + message;
    }

    /**
     * Which profile answered, where the answer shows it: an error's code (R5 numbers from -31000 down, R4 from
     * small positive ones) or the case of a Controller state (R5 "Activated", R4 "activated"); else null.
     */
    static String profileOf(int status, JsonNode json) {
        if (json.has("error")) {
            int code = json.path("error").path("code").asInt();
            return code <= -31000 && code > -32000 ? "R5" : code > 0 ? "R4" : null;
        }
        // a status@X answer: R4 an array of one with a lower-case state, R5 the element itself in PascalCase
        JsonNode result = json.path("result");
        JsonNode element = result.isArray() ? result.path(0) : result;
        String state = element.has("callsign") ? element.path("state").asText("") : "";
        return state.isEmpty() ? null : Character.isUpperCase(state.charAt(0)) ? "R5" : "R4";
    }

    /** A client tries again: the endpoint was not there (refused, cut, not mapped). */
    void retried(String transport, String reason) {
        retries.computeIfAbsent(phase + " " + transport + " " + reason, k -> new LongAdder()).increment();
    }

    /** Attempts made again in a phase, over a transport, for a reason that contains a text (null: any). */
    long retriesIn(Integer p, String transport, String reason) {
        return sum(retries, k -> {
            String[] f = k.split(" ", 3);
            return (p == null || f[0].equals(p.toString())) && (transport == null || f[1].equals(transport))
                    && (reason == null || f[2].contains(reason));
        });
    }

    /** Answers a profile gave in a phase, where the answer shows the profile. */
    long answersIn(int p, String profile) {
        LongAdder a = profiles.get(p + " " + profile);
        return a == null ? 0 : a.sum();
    }

    private static long sum(Map<String, LongAdder> m, java.util.function.Predicate<String> keys) {
        return m.entrySet().stream().filter(e -> keys.test(e.getKey())).mapToLong(e -> e.getValue().sum()).sum();
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
        new TreeMap<>(retries).forEach((k, v) -> {
            String[] f = k.split(" ", 3);
            b.append(String.format("  tried again in phase %s, %s, %s: %d%n", phases[Integer.parseInt(f[0])], f[1],
                    f[2], v.sum()));
        });
        if (r5) {
            for (int p = 0; p < phases.length; p++) {
                b.append(String.format("  %-38s answers showing R4 %d, R5 %d%n", phases[p], answersIn(p, "R4"),
                        answersIn(p, "R5")));
            }
        }
        new TreeMap<>(unexpected).forEach((k, v) -> b.append("  UNEXPECTED ").append(k).append(": ").append(v)
                .append('\n'));
        return b.toString();
    }
}
