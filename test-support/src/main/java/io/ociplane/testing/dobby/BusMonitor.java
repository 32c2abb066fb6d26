package io.ociplane.testing.dobby;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.types.UInt32;

import io.ociplane.oci.dobby.bus.BusPeer;

/** Sees every message on the bus (org.freedesktop.DBus.Monitoring.BecomeMonitor), in the order the bus routes them. */
public final class BusMonitor implements AutoCloseable {

    private final BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
    private final BusPeer peer;

    private BusMonitor(String address) throws IOException {
        peer = BusPeer.open(address, new BusPeer.Inbox() {
            @Override
            public void message(BusPeer from, Message message) {
                seen.add(message);
            }

            @Override
            public void closed(BusPeer from, Exception cause) {
                // the bus went away; the test notices through what it waits for
            }
        }, "bus-monitor");
    }

    public static BusMonitor on(String address) throws IOException {
        BusMonitor monitor = new BusMonitor(address);
        try {
            monitor.peer.call(monitor.peer.methodCall("org.freedesktop.DBus", "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu", List.of(), new UInt32(0)), 5_000);
        } catch (IOException | RuntimeException e) {
            monitor.close();
            throw e;
        }
        return monitor;
    }

    /** Forgets what was seen so far. */
    public void clear() {
        seen.clear();
    }

    /** Waits for the next message that matches, skipping others; null if none came in time. */
    public Message next(Predicate<Message> wanted, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? seen.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null || wanted.test(m)) {
                return m;
            }
        }
    }

    /** Collects matching messages until {@code last} is seen (included), or the time is up. */
    public List<Message> until(Predicate<Message> wanted, Predicate<Message> last, long timeoutMillis)
            throws InterruptedException {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? seen.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                return out;
            }
            if (wanted.test(m)) {
                out.add(m);
            }
            if (last.test(m)) {
                return out;
            }
        }
    }

    @Override
    public void close() {
        peer.close();
    }
}
