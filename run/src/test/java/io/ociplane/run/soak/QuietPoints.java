package io.ociplane.run.soak;

/**
 * Where the workers stop between two containers so that the sampler sees the runtime at rest: no container in
 * flight, every event sent, every cleanup due done (docs/soak.md#quiet-points). Workers call {@link #between()}
 * after each container; the sampler calls {@link #hold} and then {@link #release}.
 */
final class QuietPoints {

    private final int workers;
    private boolean holding;
    private long round;
    private int waiting;
    private int gone;

    QuietPoints(int workers) {
        this.workers = workers;
    }

    /** A worker between two containers: waits here while the sampler holds. */
    synchronized void between() throws InterruptedException {
        if (!holding) {
            return;
        }
        long mine = round;
        waiting++;
        notifyAll();
        try {
            while (holding && round == mine) {
                wait();
            }
        } finally {
            waiting--;
        }
    }

    /** A worker that has ended; it no longer counts. */
    synchronized void left() {
        gone++;
        notifyAll();
    }

    /** Asks every worker to stop at its next {@link #between()}; returns whether all did within the time. */
    synchronized boolean hold(long timeoutMillis) throws InterruptedException {
        holding = true;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (waiting + gone < workers) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Lets the workers go on. */
    synchronized void release() {
        holding = false;
        round++;
        notifyAll();
    }
}
