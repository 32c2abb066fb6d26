package io.ociplane.oci.crun;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerListener;

/**
 * Delivers events to the listeners on one thread of the provider's own, in the order they were posted, so
 * listeners never run on a caller's thread and a container's STOPPED never overtakes its STARTED.
 */
final class EventDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final long IDLE_SECONDS = 5;

    private final ContainerListener listeners;
    private final ThreadPoolExecutor thread;

    EventDispatcher(ContainerListener listeners, String threadName) {
        this.listeners = listeners;
        // at most one thread, so deliveries keep their order; it ends after a few idle seconds and the next event
        // starts another: containers start and stop now and then, an idle thread would cost its stack for nothing
        this.thread = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    Future<?> post(ContainerEvent event) {
        return submit(() -> listeners.containerEvent(event));
    }

    /**
     * Posts and waits until the listeners have had it, at most {@code max}: Dobby emits Started before it replies
     * to the start. A listener that blocks longer only delays the reply by {@code max}.
     */
    void postAndWait(ContainerEvent event, Duration max) {
        Future<?> f = post(event);
        try {
            f.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("listeners took longer than {} ms for {}", max.toMillis(), event);
        } catch (ExecutionException e) {
            LOG.warn("a listener failed on {}", event, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void availability(String provider, boolean available) {
        submit(() -> listeners.providerAvailability(provider, available));
    }

    private Future<?> submit(Runnable delivery) {
        try {
            return thread.submit(() -> {
                try {
                    delivery.run();
                } catch (RuntimeException e) {
                    LOG.warn("a container listener failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(null); // closed: nobody to tell
        }
    }

    /** Delivers what was posted (for at most a second), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
