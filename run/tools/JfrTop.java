import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A short text summary of a JFR recording (e.g. from run/bench --system --jfr FILE): where the sampled Java time
 * went, by top frame ("self"), by method anywhere on the stack ("inclusive", project and library frames only), and
 * by component of the first recognised frame from the top; plus GC pauses and the JVM's CPU load. Run with the
 * JDK's source launcher:
 *
 *   java run/tools/JfrTop.java FILE.jfr [--top N] [--from EPOCH_MS] [--to EPOCH_MS]
 *
 * --from/--to keep only the events in that window (run/bench prints when each phase ran). jdk.ExecutionSample
 * only sees threads running Java code: time in native code, in the kernel (sockets, futexes), in the JIT and in
 * the GC is not in these counts; the CPU load lines show how large that part is.
 */
public class JfrTop {

    private static final String[][] COMPONENTS = {
            { "org.freedesktop.dbus", "dbus-java" }, { "io.ociplane.oci.dobby", "ociplane Dobby bundles" },
            { "io.ociplane.oci.runc", "ociplane oci-runc" }, { "io.ociplane.jsonrpc", "ociplane jsonrpc-http" },
            { "io.ociplane", "ociplane (other)" }, { "com.fasterxml.jackson", "jackson" },
            { "org.eclipse.jetty", "jetty" }, { "org.apache.felix", "felix" }, { "org.ops4j.pax.logging", "pax-logging" },
            { "java.", "jdk" }, { "jdk.", "jdk" }, { "sun.", "jdk" } };

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java run/tools/JfrTop.java FILE.jfr [--top N] [--from EPOCH_MS] [--to EPOCH_MS]");
            System.exit(2);
        }
        int top = 25;
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[i + 1]);
                case "--from" -> from = Long.parseLong(args[i + 1]);
                case "--to" -> to = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("JfrTop: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> components = new HashMap<>();
        int samples = 0;
        int gcs = 0;
        double gcPauseMs = 0;
        double longestPauseMs = 0;
        double user = 0;
        double system = 0;
        double machine = 0;
        int loads = 0;
        Instant first = null;
        Instant last = null;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                long at = e.getStartTime().toEpochMilli();
                if (at < from || at > to) {
                    continue;
                }
                first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
                last = last == null || e.getStartTime().isAfter(last) ? e.getStartTime() : last;
                switch (e.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                            continue;
                        }
                        List<RecordedFrame> frames = e.getStackTrace().getFrames();
                        samples++;
                        self.merge(name(frames.get(0)), 1, Integer::sum);
                        Set<String> seen = new HashSet<>();
                        String component = null;
                        for (RecordedFrame f : frames) {
                            String n = name(f);
                            if (seen.add(n) && !isJdk(n)) {
                                inclusive.merge(n, 1, Integer::sum);
                            }
                            if (component == null) {
                                component = componentOf(n, false);
                            }
                        }
                        components.merge(component == null ? componentOf(name(frames.get(0)), true) : component, 1,
                                Integer::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcs++;
                        gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
                        longestPauseMs = Math.max(longestPauseMs, e.getDuration("longestPause").toNanos() / 1e6);
                    }
                    case "jdk.CPULoad" -> {
                        user += e.getFloat("jvmUser");
                        system += e.getFloat("jvmSystem");
                        machine += e.getFloat("machineTotal");
                        loads++;
                    }
                    default -> { }
                }
            }
        }
        System.out.printf("window %s .. %s%n", first, last);
        if (loads > 0) {
            System.out.printf("CPU load (share of all cores): JVM user %.1f %%, JVM system %.1f %%, machine %.1f %%%n",
                    100 * user / loads, 100 * system / loads, 100 * machine / loads);
        }
        System.out.printf("GC: %d collections, %.0f ms paused in all, longest %.1f ms%n", gcs, gcPauseMs, longestPauseMs);
        System.out.printf("Java execution samples: %d%n", samples);
        print("by component (first non-JDK frame from the top)", components, samples, top);
        print("self (top frame)", self, samples, top);
        print("inclusive (anywhere on the stack; JDK frames left out)", inclusive, samples, top);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    private static String componentOf(String name, boolean jdkToo) {
        for (String[] c : COMPONENTS) {
            if (name.startsWith(c[0]) && (jdkToo || !c[1].equals("jdk"))) {
                return c[1];
            }
        }
        return jdkToo ? "other" : null;
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(top).forEach(en -> System.out.printf("%6d %5.1f %%  %s%n", en.getValue(),
                        samples == 0 ? 0 : 100.0 * en.getValue() / samples, en.getKey()));
    }
}
