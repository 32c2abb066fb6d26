package io.ociplane.run.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** run/soak's options (its --help), as the settings of one run per provider. */
final class SoakCommandLine {

    static final String USAGE = """
            usage: run/soak [--minutes N] [--provider runc|dobby|both] [--interval S] [--workers N]
                            [--subscribers N] [--reconnect S] [--warmup SHARE] [--port N] [--csv FILE]
              --minutes N      load time per provider, decimals allowed (default 30)
              --provider P     runc (default), dobby (the Dobby client over a private dbus-daemon to the
                               Dobby-compatible service, backed by runc), or both, one after the other
              --interval S     seconds between samples (default 5)
              --workers N      container clients (default 4); --subscribers N WebSocket subscribers (default 10)
              --reconnect S    seconds between a subscriber's reconnections (default 120, a quarter of the run
                               when that is shorter)
              --warmup SHARE   share of the run the trends leave out (default 0.2)
              --port N         the runtime's port (default: a free one)
              --csv FILE       also write the series as CSV (FILE-<provider>.csv with --provider both)""";

    private SoakCommandLine() {
    }

    /** The runs the options ask for; throws IllegalArgumentException with the reason for bad options. */
    static List<SoakSettings> parse(String[] args) {
        Path root = null;
        double minutes = 30;
        String provider = "runc";
        int interval = 5;
        int workers = 4;
        int subscribers = 10;
        Integer reconnect = null;
        double warmup = 0.2;
        int port = 0;
        String csv = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String v = args[i + 1];
            try {
                switch (args[i]) {
                    case "--root" -> root = Path.of(v).toAbsolutePath().normalize();
                    case "--minutes" -> minutes = Double.parseDouble(v);
                    case "--provider" -> provider = v;
                    case "--interval" -> interval = Integer.parseInt(v);
                    case "--workers" -> workers = Integer.parseInt(v);
                    case "--subscribers" -> subscribers = Integer.parseInt(v);
                    case "--reconnect" -> reconnect = Integer.parseInt(v);
                    case "--warmup" -> warmup = Double.parseDouble(v);
                    case "--port" -> port = Integer.parseInt(v);
                    case "--csv" -> csv = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i] + " needs a number, not '" + v + "'");
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("--root (the checkout) is missing; run/soak passes it");
        }
        if (!(minutes > 0) || minutes > 24 * 60) {
            throw new IllegalArgumentException("--minutes must be above 0 and at most a day");
        }
        Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
        List<String> providers = provider.equals("both") ? List.of("runc", "dobby") : List.of(provider);
        List<SoakSettings> runs = new ArrayList<>();
        for (String p : providers) {
            Path csvFile = csv == null ? null : Path.of(providers.size() > 1 ? csv + "-" + p + ".csv" : csv);
            runs.add(new SoakSettings(root, p, duration, Duration.ofSeconds(interval), workers, subscribers,
                    reconnect == null ? SoakSettings.defaultReconnect(duration) : Duration.ofSeconds(reconnect),
                    warmup, port, Map.of(), csvFile));
        }
        return runs;
    }
}
