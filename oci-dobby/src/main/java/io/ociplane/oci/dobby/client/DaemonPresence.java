package io.ociplane.oci.dobby.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a Dobby daemon is there and ready (docs/dobby-dbus.md#presence): a new owner of the name is ready when it
 * signals admin1.Ready; if it has not within the ready timeout, it is pinged at most once a second, a few times. An
 * owner found at connection time has long said Ready, so it is pinged at once. Nothing is probed in a loop, nothing
 * introspected. Used on the client's control thread only.
 */
final class DaemonPresence {

    /** One admin1.Ping; true when the daemon answered. */
    interface Pinger {
        boolean ping();
    }

    /** Where the changes go. */
    interface Changes {
        void ready();

        /**
         * The daemon left, or the bus did.
         *
         * @param daemonLeft the daemon's name lost its owner (it stopped, crashed or shut down); false when this
         *            client's connection to the bus went, which says nothing of the daemon
         */
        void gone(boolean wasReady, boolean daemonLeft);
    }

    private static final long PING_INTERVAL_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(DaemonPresence.class);

    private final ScheduledExecutorService control;
    private final long readyTimeoutMillis;
    private final int pingAttempts;
    private final Pinger pinger;
    private final Changes changes;
    private String owner;
    private volatile boolean ready;
    private long epoch; // bumped on every change of owner so that stale timers do nothing
    private ScheduledFuture<?> pending;

    DaemonPresence(ScheduledExecutorService control, long readyTimeoutMillis, int pingAttempts, Pinger pinger,
            Changes changes) {
        this.control = control;
        this.readyTimeoutMillis = readyTimeoutMillis;
        this.pingAttempts = pingAttempts;
        this.pinger = pinger;
        this.changes = changes;
    }

    String owner() {
        return owner;
    }

    boolean isReady() {
        return ready;
    }

    /** The name had this owner when we connected. */
    void ownerFound(String uniqueName) {
        if (uniqueName.equals(owner)) {
            return;
        }
        leave(true);
        owner = uniqueName;
        long current = epoch;
        ping(current, pingAttempts);
    }

    /** NameOwnerChanged: the new owner, "" when the name was released. */
    void ownerChanged(String newOwner) {
        if (newOwner.equals(owner)) {
            return;
        }
        leave(true);
        if (!newOwner.isEmpty()) {
            owner = newOwner;
            long current = epoch;
            pending = control.schedule(() -> ping(current, pingAttempts), readyTimeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    void readySignal(String sender) {
        if (sender != null && sender.equals(owner) && !ready) {
            becomeReady();
        }
    }

    void connectionLost() {
        leave(false);
    }

    private void ping(long forEpoch, int attemptsLeft) {
        if (forEpoch != epoch || ready) {
            return;
        }
        if (pinger.ping()) {
            becomeReady();
        } else if (attemptsLeft > 1) {
            pending = control.schedule(() -> ping(forEpoch, attemptsLeft - 1), PING_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("Dobby daemon {} owns the name but neither said Ready nor answers Ping; waiting for a new owner",
                    owner);
        }
    }

    private void becomeReady() {
        cancelPending();
        ready = true;
        changes.ready();
    }

    private void leave(boolean daemonLeft) {
        epoch++;
        cancelPending();
        boolean wasReady = ready;
        ready = false;
        boolean hadOwner = owner != null;
        owner = null;
        if (hadOwner) {
            changes.gone(wasReady, daemonLeft);
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
