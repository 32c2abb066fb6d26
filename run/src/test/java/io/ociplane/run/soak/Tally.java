package io.ociplane.run.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every request of a soak run and what became of it: answered as expected, answered otherwise (a good request
 * refused, or with an unexpected result; a bad request not refused), or not answered (5xx, timeout, broken
 * connection, not JSON). Latencies are kept per method with the time of the answer, for the first and last
 * windows of the run.
 */
final class Tally {

    /** How a request ended; all but {@link #OK} fail the run. */
    enum Outcome {
        OK, REFUSED, WRONG_RESULT, TIMEOUT, TRANSPORT, SERVER_ERROR, NOT_JSON
    }

    private static final int EXAMPLES = 5;

    private final long t0 = System.nanoTime();
    private volatile long end = -1;
    private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Latencies> latencies = new ConcurrentHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private final LongAdder badRefused = new LongAdder();

    /** A good request: it must have a result that {@code check} accepts. Returns whether it did. */
    boolean good(ApiClient.Answer a, Predicate<JsonNode> check) {
        Outcome o = a.failure() != null ? failed(a.failure())
                : !a.hasResult() ? Outcome.REFUSED : check.test(a.result()) ? Outcome.OK : Outcome.WRONG_RESULT;
        record(a, o);
        return o == Outcome.OK;
    }

    /** A bad request (e.g. a container that is not there): it must be refused with a JSON-RPC error. */
    void bad(ApiClient.Answer a) {
        Outcome o = a.failure() != null ? failed(a.failure())
                : a.json().has("error") && !a.hasResult() ? Outcome.OK : Outcome.WRONG_RESULT;
        if (o == Outcome.OK) {
            badRefused.increment();
        }
        record(a, o);
    }

    private static Outcome failed(ApiClient.Failure f) {
        return switch (f) {
            case TIMEOUT -> Outcome.TIMEOUT;
            case TRANSPORT -> Outcome.TRANSPORT;
            case SERVER_ERROR -> Outcome.SERVER_ERROR;
            case NOT_JSON -> Outcome.NOT_JSON;
        };
    }

    private void record(ApiClient.Answer a, Outcome o) {
        outcomes.computeIfAbsent(o, k -> new LongAdder()).increment();
        latencies.computeIfAbsent(a.method(), k -> new Latencies()).add(System.nanoTime() - t0, a.nanos());
        if (o != Outcome.OK) {
            synchronized (examples) {
                if (examples.size() < EXAMPLES) {
                    examples.add(o + " " + a.method() + ": " + a.describe());
                }
            }
        }
    }

    long count(Outcome o) {
        LongAdder n = outcomes.get(o);
        return n == null ? 0 : n.sum();
    }

    long total() {
        return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Requests that did not end as expected. */
    long failures() {
        return total() - count(Outcome.OK);
    }

    long badRequestsRefused() {
        return badRefused.sum();
    }

    List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }

    /** Per method: {count, p50, p99} in microseconds of the answers between {@code fromNanos} and {@code toNanos}. */
    Map<String, long[]> percentiles(long fromNanos, long toNanos) {
        Map<String, long[]> out = new TreeMap<>();
        latencies.forEach((m, l) -> out.put(m, l.percentiles(fromNanos, toNanos)));
        return out;
    }

    /** Marks the end of the load. */
    void end() {
        end = System.nanoTime() - t0;
    }

    /** Nanoseconds from the tally's start (the load's) to its end, or to now (the clock of {@link #percentiles}). */
    long length() {
        return end >= 0 ? end : System.nanoTime() - t0;
    }

    /** Answer times and latencies of one method. */
    private static final class Latencies {
        private long[] at = new long[1024];
        private long[] micros = new long[1024];
        private int n;

        synchronized void add(long atNanos, long nanos) {
            if (n == at.length) {
                at = Arrays.copyOf(at, n * 2);
                micros = Arrays.copyOf(micros, n * 2);
            }
            at[n] = atNanos;
            micros[n++] = nanos / 1000;
        }

        synchronized long[] percentiles(long from, long to) {
            long[] in = new long[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (at[i] >= from && at[i] < to) {
                    in[k++] = micros[i];
                }
            }
            if (k == 0) {
                return new long[] { 0, -1, -1 };
            }
            long[] sorted = Arrays.copyOf(in, k);
            Arrays.sort(sorted);
            return new long[] { k, rank(sorted, 50), rank(sorted, 99) };
        }

        private static long rank(long[] sorted, int p) {
            int r = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
        }
    }
}
