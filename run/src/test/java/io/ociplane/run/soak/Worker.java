package io.ociplane.run.soak;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One of the soak's container clients: in turn a bundle container, a {@code private} spec container and a
 * {@code nat} spec container, each started, asked about, paused, resumed, given a command, annotated and stopped
 * through org.rdk.OCIContainer, with one bad request (a container that is not there) per container. Between two
 * containers it stops at the sampler's quiet points.
 */
final class Worker implements Runnable {

    static final String OCI = "org.rdk.OCIContainer.1.";

    /** The three kinds of container, in turn. */
    enum Kind {
        BUNDLE, PRIVATE, NAT
    }

    private final int n;
    private final ApiClient api;
    private final Tally tally;
    private final EventLedger ledger;
    private final QuietPoints quiet;
    private final AtomicBoolean stop;
    private final Path bundle;
    private final LongAdder[] started;

    /** @param started containers started so far, per {@link Kind}, counted by every worker */
    Worker(int n, ApiClient api, Tally tally, EventLedger ledger, QuietPoints quiet, AtomicBoolean stop, Path bundle,
            LongAdder[] started) {
        this.n = n;
        this.api = api;
        this.tally = tally;
        this.ledger = ledger;
        this.quiet = quiet;
        this.stop = stop;
        this.bundle = bundle;
        this.started = started;
    }

    @Override
    public void run() {
        try {
            for (long c = 0; !stop.get(); c++) {
                quiet.between();
                if (stop.get()) {
                    break;
                }
                Kind kind = Kind.values()[(int) ((n + c) % Kind.values().length)];
                container("soak" + n + "-" + c + "-" + kind.name().toLowerCase(), kind);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quiet.left();
        }
    }

    /** One container's life; a step that fails ends it early (and fails the run through the tally). */
    private void container(String id, Kind kind) {
        ObjectNode start = byId(id);
        if (kind == Kind.BUNDLE) {
            start.put("bundlePath", bundle.toString());
        } else {
            start.set("dobbySpec", spec(kind == Kind.NAT ? "nat" : "private"));
        }
        String startMethod = kind == Kind.BUNDLE ? "startContainer" : "startContainerFromDobbySpec";
        if (!tally.good(api.call(OCI + startMethod, start), r -> success(r) && r.path("descriptor").asInt() > 0)) {
            return;
        }
        started[kind.ordinal()].increment();
        ledger.started(id);
        boolean ok = state(id, "Running")
                && tally.good(api.call(OCI + "getContainerInfo", byId(id)), r -> success(r) && r.has("info"))
                && simple("pauseContainer", byId(id)) && state(id, "Paused") && simple("resumeContainer", byId(id))
                && simple("executeCommand", byId(id).put("options", "").put("command", "/bin/busybox sleep 1"))
                && simple("annotate", byId(id).put("key", "soak.worker").put("value", Integer.toString(n)))
                && simple("removeAnnotation", byId(id).put("key", "soak.worker"));
        tally.bad(api.call(OCI + "getContainerState", byId("soak" + n + "-absent")));
        // the bundle's init (sleep, pid 1) ignores SIGTERM: forced, as a graceful stop would wait the grace for
        // nothing; spec containers run under tini and end on SIGTERM (README, "Container providers")
        ObjectNode stopParams = byId(id);
        if (kind == Kind.BUNDLE) {
            stopParams.put("force", true);
        }
        if (simple("stopContainer", stopParams)) {
            ledger.stopped(id);
        } else if (!ok) {
            // a step failed and the stop too: force it, so that the run goes on without a stray container
            if (tally.good(api.call(OCI + "stopContainer", byId(id).put("force", true)), Worker::success)) {
                ledger.stopped(id);
            }
        }
    }

    private boolean state(String id, String expected) {
        return tally.good(api.call(OCI + "getContainerState", byId(id)),
                r -> success(r) && expected.equals(r.path("state").asText()));
    }

    private boolean simple(String method, ObjectNode params) {
        return tally.good(api.call(OCI + method, params), Worker::success);
    }

    private static boolean success(JsonNode r) {
        return r.path("success").asBoolean(false);
    }

    private ObjectNode byId(String id) {
        return api.params().put("containerId", id);
    }

    /** A Dobby spec running {@code sleep 600} as a user of its own, in the given network mode (docs/dobby-dbus.md). */
    private ObjectNode spec(String network) {
        ObjectNode spec = api.params().put("version", "1.0").put("cwd", "/").put("memLimit", 41943040)
                .put("network", network);
        spec.putArray("args").add("sleep").add("600");
        spec.putArray("env");
        spec.putArray("mounts");
        spec.putObject("user").put("uid", 1000).put("gid", 1000);
        spec.putNull("console");
        return spec;
    }
}
