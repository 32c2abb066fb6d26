package io.ociplane.containers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per name, in the map only while somebody holds it or waits for it, so that work on one name runs one
 * caller at a time while other names go on in parallel, and names once used leave nothing behind.
 */
final class NameLocks {

    /** A held lock; closing it lets the next caller for the name in. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock(true); // callers of one name get their turn in order
        int users; // guarded by NameLocks.this
    }

    private final Map<String, Slot> slots = new HashMap<>();

    Held lock(String name) throws InterruptedException {
        Slot slot;
        synchronized (this) {
            slot = slots.computeIfAbsent(name, n -> new Slot());
            slot.users++;
        }
        try {
            slot.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            leave(name, slot);
            throw e;
        }
        return () -> {
            slot.lock.unlock();
            leave(name, slot);
        };
    }

    private synchronized void leave(String name, Slot slot) {
        if (--slot.users == 0) {
            slots.remove(name);
        }
    }

    /** How many names are held or waited for. */
    synchronized int size() {
        return slots.size();
    }
}
