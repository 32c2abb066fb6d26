package io.ociplane.run.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Prints a soak run: the series, each figure's trend and verdict, requests, events, the stop, the verdict. */
final class Report {

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void print(SoakResult r) {
        SoakSettings s = r.settings();
        List<Sample> samples = r.samples();
        double end = samples.get(samples.size() - 1).seconds();
        out.printf(Locale.ROOT, "%n== soak: %s provider, %.0f s of load, %d workers, %d subscribers reconnecting every"
                + " %d s, a sample every %d s at a quiet point%n", s.provider(), end, s.workers(), s.subscribers(),
                s.reconnectEvery().toSeconds(), s.interval().toSeconds());
        series(samples);
        trends(r.trends(), s.warmup(), s.warmup() * end);
        requests(r.tally());
        out.printf(Locale.ROOT, "%n== containers started: %d bundle, %d private, %d nat (%.1f/s; the workers were held"
                + " %.0f s of the %.0f s at quiet points)%n", r.started()[0], r.started()[1], r.started()[2],
                r.containersStarted() / Math.max(end, 1), r.quietSeconds(), end);
        EventLedger e = r.events();
        out.printf(Locale.ROOT, "== events at %d subscribers: %d expected, %d delivered, %d missing, %d duplicate, %d"
                + " not expected, %d other messages; %d reconnections%n", s.subscribers(), e.expected(),
                e.delivered(), e.missing(), e.duplicates(), e.unexpected(), r.strays(), r.reconnections());
        out.printf("== stop: SIGTERM, exit status %d after %d ms; left on the host: %s%n", r.stop().status(),
                r.stop().millis(), r.leftovers().isEmpty() ? "nothing" : String.join("; ", r.leftovers()));
        Set<String> distinct = new LinkedHashSet<>();
        r.logProblems().forEach(l -> distinct.add(l.replaceAll("\\d+", "N")));
        out.printf("== runtime log: %d WARN/ERROR lines%s%n", r.logProblems().size(), distinct.isEmpty() ? ""
                : ", e.g.:\n   " + String.join("\n   ", new ArrayList<>(distinct).subList(0, Math.min(5,
                        distinct.size()))));
        List<String> failures = r.failures();
        out.println(failures.isEmpty() ? "== verdict: PASS" : "== verdict: FAIL\n   " + String.join("\n   ", failures));
    }

    private void series(List<Sample> samples) {
        StringBuilder head = new StringBuilder(String.format("%7s", "t (s)"));
        for (Figure f : Figure.values()) {
            head.append(String.format("%9s", f.label));
        }
        out.println("\n== figures, sampled at each quiet point");
        for (Figure f : Figure.values()) {
            out.printf("   %-8s %s%s%n", f.label, f.meaning, f.unit.isEmpty() ? "" : ", " + f.unit);
        }
        out.println("\n== series");
        out.println(head.append(String.format("%10s %9s", "started", "requests")));
        for (Sample s : samples) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7.0f", s.seconds()));
            for (Figure f : Figure.values()) {
                row.append(f.unit.isEmpty() ? String.format("%9.0f", s.of(f))
                        : String.format(Locale.ROOT, "%9.1f", s.of(f)));
            }
            out.println(row.append(String.format("%10d %9d", s.containers(), s.requests())));
        }
    }

    private void trends(List<Trend> trends, double warmup, double from) {
        out.printf(Locale.ROOT, "%n== trends: least squares over the samples from t = %.0f s (the first %.0f %% left out"
                + " as warm-up); a figure fails when it climbs: slope > 0, R² >= %.2f and rise >= its tolerance%n",
                from, warmup * 100, Trend.R2_MIN);
        out.printf("%-9s %8s %8s %8s %8s %11s %6s %9s %9s  %s%n", "figure", "first", "last", "min", "max",
                "slope /h", "R²", "rise", "tolerance", "verdict");
        for (Trend t : trends) {
            out.printf(Locale.ROOT, "%-9s %8.1f %8.1f %8.1f %8.1f %11.1f %6.2f %9.1f %9.0f  %s%n",
                    t.figure().label, t.first(), t.last(), t.min(), t.max(), t.slopePerHour(), t.r2(), t.rise(),
                    t.figure().tolerance, t.verdict().name().toLowerCase().replace('_', ' '));
        }
    }

    private void requests(Tally tally) {
        out.printf("%n== requests: %d, %d as expected", tally.total(), tally.count(Tally.Outcome.OK));
        for (Tally.Outcome o : Tally.Outcome.values()) {
            if (o != Tally.Outcome.OK && tally.count(o) > 0) {
                out.printf(", %d %s", tally.count(o), o.name().toLowerCase().replace('_', ' '));
            }
        }
        out.printf(" (%d bad requests refused, as they should be)%n", tally.badRequestsRefused());
        tally.examples().forEach(x -> out.println("   " + x));
        long endNanos = tally.length();
        long fifth = endNanos / 5;
        Map<String, long[]> first = tally.percentiles(0, fifth);
        Map<String, long[]> last = tally.percentiles(endNanos - fifth, Long.MAX_VALUE);
        out.printf("%-50s %8s %9s %9s %8s %9s %9s%n", "method (latency ms, first and last fifth of the run)", "n",
                "p50", "p99", "n", "p50", "p99");
        first.forEach((m, a) -> {
            long[] b = last.getOrDefault(m, new long[] { 0, -1, -1 });
            out.printf(Locale.ROOT, "%-50s %8d %9.1f %9.1f %8d %9.1f %9.1f%n", m, a[0], a[1] / 1000.0, a[2] / 1000.0,
                    b[0], b[1] / 1000.0, b[2] / 1000.0);
        });
    }

    /** The series as CSV: seconds, every figure, containers and requests so far. */
    static void csv(List<Sample> samples, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("seconds");
        for (Figure f : Figure.values()) {
            head.append(',').append(f.label);
        }
        lines.add(head.append(",started,requests").toString());
        for (Sample s : samples) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.1f", s.seconds()));
            for (Figure f : Figure.values()) {
                row.append(',').append(String.format(Locale.ROOT, "%.1f", s.of(f)));
            }
            lines.add(row.append(',').append(s.containers()).append(',').append(s.requests()).toString());
        }
        Files.write(file, lines);
    }
}
