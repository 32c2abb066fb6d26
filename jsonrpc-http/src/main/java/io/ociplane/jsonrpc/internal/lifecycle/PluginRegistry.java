package io.ociplane.jsonrpc.internal.lifecycle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.ociplane.jsonrpc.internal.dispatch.PluginDirectory;
import io.ociplane.jsonrpc.spi.PluginApi;

/**
 * The callsigns the host knows and the services serving them. State changes happen under one lock and are
 * announced to the listener outside it; the dispatcher's look-ups read without locking.
 */
public final class PluginRegistry implements PluginDirectory {

    /** Told of every state a plugin reaches, with Thunder's reason ({@code Requested}, {@code Automatic}...). */
    public interface Listener {
        void stateChanged(PluginRecord record, PluginState state, String reason);
    }

    private final Object lock = new Object();
    private final Map<String, PluginRecord> records = new ConcurrentHashMap<>();
    private volatile Listener listener = (r, s, why) -> { };
    private volatile long graceMillis = 2000;
    private volatile Predicate<PluginRecord> implementationPresent = r -> true;

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** How long a call waits for a plugin that is coming back before it gets the not-active error. */
    public void setGraceMillis(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /**
     * Tells whether a bundle that can serve a record is installed: a call to a plugin waiting for one (Thunder's
     * precondition state) is answered at once, since nothing is coming back within the grace.
     */
    public void setImplementationCheck(Predicate<PluginRecord> implementationPresent) {
        this.implementationPresent = implementationPresent;
    }

    @Override
    public boolean knows(String callsign) {
        return records.containsKey(callsign);
    }

    public PluginRecord find(String callsign) {
        return records.get(callsign);
    }

    /** All records, sorted by callsign. */
    public List<PluginRecord> all() {
        List<PluginRecord> list = new ArrayList<>(records.values());
        list.sort(Comparator.comparing(PluginRecord::callsign));
        return list;
    }

    @Override
    public PluginApi awaitActive(String callsign) {
        PluginRecord r = records.get(callsign);
        if (r == null) {
            return null;
        }
        Served s = r.served;
        if (s != null && r.desired == PluginRecord.Desired.ACTIVATED) {
            return s.api();
        }
        if (!implementationPresent.test(r)) {
            return null;
        }
        Served served = awaitServed(r, graceMillis);
        return served == null ? null : served.api();
    }

    @Override
    public boolean serves(String callsign) {
        PluginRecord r = records.get(callsign);
        return r != null && r.served != null && r.desired == PluginRecord.Desired.ACTIVATED;
    }

    /**
     * Waits until the record is served while it is meant to be activated.
     *
     * @return the service found serving it (read under the lock: it may have gone again by the time the caller
     *         uses it, which then fails like any call to a plugin that stops), or {@code null}
     */
    Served awaitServed(PluginRecord r, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (true) {
                if (r.desired != PluginRecord.Desired.ACTIVATED || records.get(r.callsign()) != r) {
                    return null;
                }
                Served served = r.served;
                if (served != null && r.announcing == 0) {
                    return served;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                waitOnLock(left);
            }
        }
    }

    /** Waits until the record is no longer served. */
    boolean awaitUnserved(PluginRecord r, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (lock) {
            while (r.served != null || r.announcing > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                waitOnLock(left);
            }
            return true;
        }
    }

    private void waitOnLock(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a plugin", e);
        }
    }

    /** Adds the built-in Controller, always served, with its own configuration. */
    public PluginRecord addBuiltIn(String callsign, PluginApi api,
            com.fasterxml.jackson.databind.JsonNode configuration) {
        PluginRecord r = new PluginRecord(callsign, true);
        r.served = new Served(api, -1, null, null);
        r.configuration = configuration;
        r.lastReason = "Startup";
        records.put(callsign, r);
        return r;
    }

    /** Creates or replaces the file of a callsign; returns the record and whether it is new. */
    PluginRecord upsertFile(PluginFile file) {
        synchronized (lock) {
            PluginRecord r = records.computeIfAbsent(file.callsign(), c -> new PluginRecord(c, false));
            r.file = file;
            r.removed = false;
            r.configuration = file.configuration();
            return r;
        }
    }

    /** Changes what the record should be; returns the state change to announce for states without service. */
    void setDesired(PluginRecord r, PluginRecord.Desired desired, String reason) {
        synchronized (lock) {
            r.desired = desired;
            r.pendingReason = reason;
            lock.notifyAll();
        }
    }

    /** Sets a plugin's configuration unless it is (or is meant to be) active; the check and the write are one step. */
    boolean configureIfInactive(PluginRecord r, com.fasterxml.jackson.databind.JsonNode configuration) {
        synchronized (lock) {
            if (r.served != null || r.desired == PluginRecord.Desired.ACTIVATED) {
                return false;
            }
            r.configuration = configuration;
            return true;
        }
    }

    void forget(PluginRecord r) {
        synchronized (lock) {
            r.removed = true;
            if (r.served == null) {
                records.remove(r.callsign(), r);
            }
            lock.notifyAll();
        }
    }

    /** A plugin service appeared. Returns false when another service already serves the callsign. */
    public boolean served(String callsign, Served served) {
        PluginRecord r;
        String reason;
        synchronized (lock) {
            r = records.computeIfAbsent(callsign, c -> new PluginRecord(c, false));
            if (r.served != null) {
                return false;
            }
            r.served = served;
            if (served.metadata() != null) {
                r.metadata = served.metadata();
            }
            reason = takeReason(r, "Automatic");
            r.announcing++;
            lock.notifyAll();
        }
        announceNow(r, r.state(true), reason);
        return true;
    }

    /** A plugin service went away. */
    public void unserved(String callsign, long serviceId) {
        PluginRecord r;
        String reason;
        synchronized (lock) {
            r = records.get(callsign);
            if (r == null || r.served == null || r.served.serviceId() != serviceId) {
                return;
            }
            r.served = null;
            reason = takeReason(r, "Automatic");
            if (r.removed || r.file == null && r.desired == PluginRecord.Desired.ACTIVATED) {
                records.remove(callsign, r); // its file was deleted, or a self-registered plugin left on its own
            }
            r.announcing++;
            lock.notifyAll();
        }
        announceNow(r, PluginState.DEACTIVATED, reason);
    }

    /** Announces a state reached without a service change (unavailable, a removed plugin). */
    void announce(PluginRecord r, PluginState state, String reason) {
        synchronized (lock) {
            r.announcing++;
        }
        announceNow(r, state, reason);
    }

    /**
     * Tells the listener (outside the lock), then lets waiters on the change go: a Controller operation that
     * waits for a state returns only once the change's events are out, so they precede its reply.
     */
    private void announceNow(PluginRecord r, PluginState state, String reason) {
        try {
            r.lastReason = reason;
            listener.stateChanged(r, state, reason);
        } finally {
            synchronized (lock) {
                r.announcing--;
                lock.notifyAll();
            }
        }
    }

    private static String takeReason(PluginRecord r, String fallback) {
        String reason = r.pendingReason;
        r.pendingReason = null;
        return reason == null ? fallback : reason;
    }
}
