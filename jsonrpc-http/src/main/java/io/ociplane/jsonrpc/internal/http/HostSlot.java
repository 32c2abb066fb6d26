package io.ociplane.jsonrpc.internal.http;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;

import io.ociplane.jsonrpc.internal.wire.JsonCodec;
import io.ociplane.jsonrpc.internal.wire.WireProfile;

/**
 * The host the endpoint serves with. DS replaces the host when its configuration changes (a new instance, the old
 * one deactivated first); the endpoint stays mapped meanwhile, and a request that arrives in between waits for the
 * next host, up to the restart grace, as a call to a restarting plugin does (docs/host-restart.md).
 */
final class HostSlot {

    private final Object lock = new Object();
    /** Read without the lock on every request; written under it, so that waiters are woken. */
    private volatile JsonRpcHost current;
    /** The codec of the last host, for the answers given while there is none (its profile is what clients saw). */
    private volatile JsonCodec lastCodec;
    private volatile long graceMillis;
    /** While the endpoint is not mapped, nothing waits. */
    private boolean closed = true;

    /**
     * What holds until the first host is there: the host's profile and restart grace as the framework properties
     * run/start passes give them, else HostConfig's defaults; a value the host would refuse counts as not given.
     */
    void beforeFirstHost(BundleContext context) {
        HostConfig config;
        WireProfile wire;
        try {
            config = LayeredHostConfig.of(Map.of(), context::getProperty);
            wire = WireProfile.valueOf(config.profile().trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            config = LayeredHostConfig.of(Map.of(), name -> null);
            wire = WireProfile.valueOf(config.profile());
        }
        beforeFirstHost(config.restartGraceMillis(), new JsonCodec(wire));
    }

    /**
     * What holds until the first host is there (a host that binds before this call wins).
     *
     * @param graceMillis how long a request waits for a host
     * @param codec the codec of answers given without a host
     */
    void beforeFirstHost(long graceMillis, JsonCodec codec) {
        synchronized (lock) {
            if (lastCodec == null) {
                this.graceMillis = graceMillis;
                this.lastCodec = codec;
            }
        }
    }

    void bind(JsonRpcHost host) {
        synchronized (lock) {
            current = host;
            lastCodec = host.codec();
            graceMillis = host.restartGraceMillis();
            lock.notifyAll();
        }
    }

    /** @return false when another host had replaced it already (DS bound the next one first) */
    boolean unbind(JsonRpcHost host) {
        synchronized (lock) {
            if (current != host) {
                return false;
            }
            current = null;
            return true;
        }
    }

    /** The endpoint is unmapped: requests waiting for a host are answered at once, and none waits any more. */
    void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** The endpoint is mapped (again): requests wait for a host that is being replaced. */
    void open() {
        synchronized (lock) {
            closed = false;
        }
    }

    /** The host serving now, or {@code null}. */
    JsonRpcHost current() {
        return current;
    }

    /** The host serving now, waiting up to the grace while it is being replaced; {@code null} if none came. */
    JsonRpcHost await() {
        JsonRpcHost now = current;
        if (now != null) {
            return now;
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
            while (current == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))); // not 0: that waits for ever
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return current;
        }
    }

    /** The codec of the host serving now, or of the last one. */
    JsonCodec codec() {
        JsonRpcHost now = current;
        return now != null ? now.codec() : lastCodec;
    }
}
