package io.ociplane.run.soak;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The soak: churns containers through the real runtime for a while, samples the runtime and what it leaves on the
 * host at quiet points, and judges every figure's trend, every request and every event (docs/soak.md). run/soak
 * runs it for minutes or hours; SoakIT for a short run with each provider.
 */
public final class Soak {

    /** How long the workers may take to reach a quiet point (one container's life, on a loaded machine). */
    private static final long HOLD_MILLIS = 60_000;
    /** How long the events of a round and the per-container figures may take to arrive or settle. */
    private static final long SETTLE_MILLIS = 10_000;

    private final SoakSettings settings;
    private final PrintStream out;
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> problems = new ArrayList<>();
    /** Time the workers spent held at quiet points. */
    private long quietNanos;

    Soak(SoakSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        List<SoakSettings> runs;
        try {
            runs = SoakCommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            System.err.println(SoakCommandLine.USAGE);
            System.exit(2);
            return;
        }
        boolean passed = true;
        for (SoakSettings s : runs) {
            passed &= new Soak(s, System.out).run().passed();
        }
        System.exit(passed ? 0 : 1);
    }

    /** Runs the soak, prints its report, and returns what it found. */
    SoakResult run() throws Exception {
        out.printf("soak: %s provider, %d s of load; starting the runtime (run/start)%n", settings.provider(),
                settings.duration().toSeconds());
        SoakRuntime rt = SoakRuntime.launch(settings, mapper);
        Thread cleanup = new Thread(rt::close, "soak-cleanup"); // Ctrl-C: nothing of the run stays
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            SoakResult r = load(rt);
            new Report(out).print(r);
            if (settings.csv() != null) {
                Report.csv(r.samples(), settings.csv());
            }
            return r;
        } finally {
            rt.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException exiting) {
                // the hook runs anyway
            }
        }
    }

    private SoakResult load(SoakRuntime rt) throws Exception {
        ApiClient api = new ApiClient(rt.port(), mapper, SoakSettings.REQUEST_TIMEOUT);
        EventLedger ledger = new EventLedger();
        QuietPoints quiet = new QuietPoints(settings.workers());
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder[] started = new LongAdder[Worker.Kind.values().length];
        Arrays.setAll(started, k -> new LongAdder());
        HttpClient wsHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < settings.subscribers(); i++) {
            Subscriber s = new Subscriber(i, wsHttp, rt.port(), "org.rdk.OCIContainer", mapper);
            s.connect();
            subscribers.add(s);
        }
        Sampler sampler = new Sampler(rt.pid(), api, rt.paths());
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(0, sampler.all(), 0, 0)); // before the load
        printProgress(samples);

        Path bundle = settings.root().resolve("run/examples/containers/sleepy/Container");
        Tally tally = new Tally(); // its clock starts with the load
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < settings.workers(); w++) {
            Thread t = new Thread(new Worker(w, api, tally, ledger, quiet, stop, bundle, started), "soak-worker-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        long t0 = System.nanoTime();
        threads.forEach(Thread::start);
        Reconnections reconnections = new Reconnections(subscribers, settings.reconnectEvery(), t0);
        try {
            long end = t0 + settings.duration().toNanos();
            // the next sample comes an interval of load after the last quiet point ended
            for (long next = t0 + settings.interval().toNanos(); next < end; next = System.nanoTime()
                    + settings.interval().toNanos()) {
                pace(next);
                samples.add(quietPoint(quiet, ledger, subscribers, sampler, samples, t0, started, tally));
                reconnections.due(problems);
                quiet.release();
                printProgress(samples);
            }
            pace(end);
            stop.set(true);
            samples.add(quietPoint(quiet, ledger, subscribers, sampler, samples, t0, started, tally));
            tally.end();
            printProgress(samples);
        } finally { // also when the run breaks off: no worker goes on calling
            stop.set(true);
            quiet.release();
            for (Thread t : threads) {
                t.join(HOLD_MILLIS);
            }
        }
        subscribers.forEach(Subscriber::close);
        long strays = subscribers.stream().mapToLong(Subscriber::strays).sum();
        SoakRuntime.Stop stopped = rt.stop();
        List<Trend> trends = Arrays.stream(Figure.values()).map(f -> Trend.of(f, samples, settings.warmup())).toList();
        long[] counts = Arrays.stream(started).mapToLong(LongAdder::sum).toArray();
        return new SoakResult(settings, samples, quietNanos / 1e9, trends, tally, ledger, counts,
                reconnections.count(), strays, stopped, rt.leftovers(), List.copyOf(problems), rt.logProblems());
    }

    /**
     * Holds the workers, waits until every subscriber has the round's events and the per-container figures are
     * back where the last sample had them (cleanup after a container is partly asynchronous, docs/workspaces.md),
     * then samples. The caller releases the workers.
     */
    private Sample quietPoint(QuietPoints quiet, EventLedger ledger, List<Subscriber> subscribers, Sampler sampler,
            List<Sample> samples, long t0, LongAdder[] started, Tally tally) throws InterruptedException {
        long begin = System.nanoTime();
        double at = (begin - t0) / 1e9;
        if (!quiet.hold(HOLD_MILLIS)) {
            problems.add(String.format("t = %.0f s: the workers did not reach a quiet point within %d s", at,
                    HOLD_MILLIS / 1000));
        }
        if (!ledger.awaitDelivered(subscribers, SETTLE_MILLIS)) {
            problems.add(String.format("t = %.0f s: events not delivered to every subscriber within %d s", at,
                    SETTLE_MILLIS / 1000));
        }
        ledger.settle(subscribers);
        double[] before = samples.get(samples.size() - 1).values();
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        while (!settled(sampler.perContainer(), before) && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling interval; the condition decides
        }
        long containers = Arrays.stream(started).mapToLong(LongAdder::sum).sum();
        Sample sample = new Sample((System.nanoTime() - t0) / 1e9, sampler.all(), containers, tally.total());
        quietNanos += System.nanoTime() - begin;
        return sample;
    }

    /** Whether every per-container figure is at most what the last sample had. */
    private static boolean settled(double[] now, double[] before) {
        for (Figure f : Figure.values()) {
            if (f.perContainer && now[f.ordinal()] > before[f.ordinal()]) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the next sampling time: the run's schedule, not a synchronisation. */
    private static void pace(long atNanos) throws InterruptedException {
        long left = atNanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private void printProgress(List<Sample> samples) {
        Sample s = samples.get(samples.size() - 1);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  t %5.0f s:", s.seconds()));
        for (Figure f : Figure.values()) {
            line.append(' ').append(f.label).append(' ').append(f.unit.isEmpty() ? String.format("%.0f", s.of(f))
                    : String.format(Locale.ROOT, "%.1f", s.of(f)));
        }
        out.println(line.append("; ").append(s.containers()).append(" containers, ").append(s.requests())
                .append(" requests"));
    }

    /** Each subscriber reconnects every period, the first time at its own share of it so that they take turns. */
    private static final class Reconnections {
        private final List<Subscriber> subscribers;
        private final long period;
        private final long[] next;
        private int count;

        Reconnections(List<Subscriber> subscribers, Duration every, long t0) {
            this.subscribers = subscribers;
            this.period = every.toNanos();
            this.next = new long[subscribers.size()];
            for (int i = 0; i < next.length; i++) {
                next[i] = t0 + period * (i + 1) / next.length;
            }
        }

        /** Reconnects the subscribers whose time has come (at a quiet point: no event is on its way). */
        void due(List<String> problems) {
            long now = System.nanoTime();
            for (int i = 0; i < next.length; i++) {
                if (now >= next[i]) {
                    try {
                        subscribers.get(i).reconnect();
                        count++;
                    } catch (Exception e) {
                        problems.add("subscriber " + i + " could not reconnect: " + e);
                    }
                    next[i] += period;
                }
            }
        }

        int count() {
            return count;
        }
    }
}
