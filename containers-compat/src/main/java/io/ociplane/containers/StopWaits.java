package io.ociplane.containers;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Callers waiting for containers to stop. Each caller has a registration of its own, taken before it looks for
 * the container and closed when it is done, so that callers waiting for the same id never replace each other's, a
 * Stopped event reaches every caller registered for its id, and no entry outlives its caller. Which container of
 * an id stopped is told by a key of the caller's choice (its provider and descriptor), as several providers may
 * each have had one.
 */
final class StopWaits {

    private final Map<String, Set<Wait>> byId = new ConcurrentHashMap<>();

    /** One caller's registration for the Stopped events of one container id, whichever its provider and descriptor. */
    final class Wait implements AutoCloseable {

        private final String id;
        private final Map<Object, CompletableFuture<Void>> stopped = new ConcurrentHashMap<>();

        private Wait(String id) {
            this.id = id;
        }

        private CompletableFuture<Void> of(Object container) {
            return stopped.computeIfAbsent(container, c -> new CompletableFuture<>());
        }

        /**
         * Waits until {@code container} has stopped (also when it stopped after this registration but before this
         * call).
         *
         * @return false when it did not stop within {@code millis}
         */
        boolean await(Object container, long millis) throws InterruptedException {
            try {
                of(container).get(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a stop wait never fails", e);
            }
        }

        @Override
        public void close() {
            byId.computeIfPresent(id, (k, waits) -> {
                waits.remove(this);
                return waits.isEmpty() ? null : waits;
            });
        }
    }

    /** Registers a caller for the Stopped events of {@code id} from now on; close the registration when done. */
    Wait register(String id) {
        Wait w = new Wait(id);
        byId.compute(id, (k, waits) -> {
            Set<Wait> set = waits != null ? waits : ConcurrentHashMap.newKeySet();
            set.add(w);
            return set;
        });
        return w;
    }

    /** {@code container}, of this id, has stopped: every caller registered for the id learns it. */
    void stopped(String id, Object container) {
        Set<Wait> waits = byId.get(id);
        if (waits != null) {
            waits.forEach(w -> w.of(container).complete(null));
        }
    }

    /** How many registrations are open. */
    int size() {
        return byId.values().stream().mapToInt(Set::size).sum();
    }
}
