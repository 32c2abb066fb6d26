package io.ociplane.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One HTTP client of {@link HotSwapUnderLoadIT} and {@link HostSwapUnderLoadIT}, calling without pause: the container methods of OCIContainer and
 * Controller status (group 0, "OCI"), or the Containers plugin and its status (group 1, "Containers").
 */
final class LoadHttpClient implements Runnable {
    private static final String OCI = HotSwapUnderLoadIT.OCI;

    private final int n;
    private final int group;
    private final LoadStats stats;
    private final AtomicBoolean stop;
    private final Supplier<List<String>> targets;
    /** How long after its first attempt a call may be tried again while the endpoint is not there; null: never. */
    private Duration retryWithin;
    /** The phase in which the current call was first tried again, or -1. */
    private int retriedIn = -1;

    /**
     * @param group the {@link LoadStats#GROUPS} index of the calls
     * @param stats where the answers are recorded
     * @param stop set when the load is to end
     * @param targets the containers to ask about, read anew for every call (they change with the providers)
     */
    LoadHttpClient(int n, int group, LoadStats stats, AtomicBoolean stop, Supplier<List<String>> targets) {
        this.n = n;
        this.group = group;
        this.stats = stats;
        this.stop = stop;
        this.targets = targets;
    }

    /**
     * Makes the client try a call again, as Thunder clients do, while the endpoint is not there ({@link Unreached}),
     * up to {@code within} after its first attempt.
     */
    LoadHttpClient retrying(Duration within) {
        this.retryWithin = within;
        return this;
    }

    /** The client on a daemon thread, not started yet. */
    Thread thread() {
        Thread t = new Thread(this, "hotswap-http-" + n);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void run() {
        Rpc rpc = new Rpc();
        long i = n;
        while (!stop.get()) {
            String method;
            String params = null;
            List<String> ids = targets.get();
            String target = ids.get((int) (i % ids.size()));
            if (group == 1) {
                method = i % 2 == 0 ? "Containers.1.containers" : "Controller.1.status@Containers";
            } else {
                switch ((int) (i % 4)) {
                    case 0 -> method = OCI + ".1.listContainers";
                    case 1 -> {
                        method = OCI + ".1.getContainerState";
                        params = "{\"containerId\":\"" + target + "\"}";
                    }
                    case 2 -> {
                        method = OCI + ".1.getContainerInfo";
                        params = "{\"containerId\":\"" + target + "\"}";
                    }
                    default -> method = "Controller.1.status@" + OCI;
                }
            }
            i++;
            stats.sent.incrementAndGet();
            long start = System.nanoTime();
            retriedIn = -1;
            Rpc.Response r = call(rpc, method, params, retryWithin == null ? start : start + retryWithin.toNanos());
            if (r != null) {
                stats.record("HTTP", group, System.nanoTime() - start, r.status(), r.body(),
                        retriedIn < 0 ? stats.phase : retriedIn);
            }
        }
    }

    /** One call, tried again while the endpoint is not there and the deadline allows; null when lost. */
    private Rpc.Response call(Rpc rpc, String method, String params, long deadline) {
        while (true) {
            Rpc.Response r = null;
            Unreached.Retry retry;
            try {
                r = rpc.call(method, params);
                retry = Unreached.ofResponse(r);
            } catch (AssertionError e) {
                retry = Unreached.ofFailure(e);
                if (retry == null || !Unreached.timeLeft(retry, deadline)) {
                    stats.lost("HTTP", method + ": " + e.getMessage());
                    return null;
                }
            }
            if (retry == null || !Unreached.timeLeft(retry, deadline)) {
                return r;
            }
            stats.retried("HTTP", retry.reason());
            retriedIn = retriedIn < 0 ? stats.phase : retriedIn;
            Unreached.pause(retry);
        }
    }
}
