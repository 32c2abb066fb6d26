package io.ociplane.run.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * What a soak run found: the series and each figure's trend, the requests and events, how the runtime stopped
 * and what it left behind. {@link #failures()} lists every reason the run fails (none: it passed).
 *
 * @param quietSeconds how long the workers were held at quiet points, in all
 */
record SoakResult(SoakSettings settings, List<Sample> samples, double quietSeconds, List<Trend> trends, Tally tally,
        EventLedger events, long[] started, int reconnections, long strays, SoakRuntime.Stop stop,
        List<String> leftovers, List<String> problems, List<String> logProblems) {

    /** Exit status of a JVM that ended on SIGTERM. */
    static final int SIGTERM_STATUS = 128 + 15;

    long containersStarted() {
        long n = 0;
        for (long k : started) {
            n += k;
        }
        return n;
    }

    /** Every reason the run fails; empty when it passed. */
    List<String> failures() {
        List<String> out = new ArrayList<>(problems);
        for (Trend t : trends) {
            if (t.failed()) {
                out.add(t.figure().label + " " + t.verdict().name().toLowerCase() + String.format(
                        ": +%.1f%s over the window (%.1f/h, R² %.2f; tolerance %.0f)", t.rise(), t.figure().unit,
                        t.slopePerHour(), t.r2(), t.figure().tolerance));
            }
        }
        if (tally.failures() > 0) {
            out.add(tally.failures() + " of " + tally.total() + " requests not answered as expected");
        }
        if (events.missing() + events.duplicates() + events.unexpected() + strays > 0) {
            out.add("events: " + events.missing() + " missing, " + events.duplicates() + " duplicate, "
                    + events.unexpected() + " not expected; " + strays + " other messages");
        }
        for (int k = 0; k < started.length; k++) {
            if (started[k] == 0) {
                out.add("no " + Worker.Kind.values()[k].name().toLowerCase() + " container was started");
            }
        }
        if (reconnections < settings.subscribers()) {
            out.add("only " + reconnections + " reconnections of " + settings.subscribers() + " subscribers");
        }
        if (stop.status() != SIGTERM_STATUS) {
            out.add("the runtime did not end on SIGTERM as it should (status " + stop.status() + " after "
                    + stop.millis() + " ms)");
        }
        leftovers.forEach(l -> out.add("left on the host after the stop: " + l));
        return out;
    }

    boolean passed() {
        return failures().isEmpty();
    }
}
