package io.ociplane.oci.runc;

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
import io.ociplane.oci.api.provider.Subscribers;

/**
 * Delivers events to the subscribers on one thread of the provider's own, in the order they were posted, so
 * subscribers never run on a caller's thread and a container's STOPPED never overtakes its STARTED.
 */
final class EventDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final long IDLE_SECONDS = 5;

    private final Subscribers subscribers;
    private final ThreadPoolExecutor thread;

    EventDispatcher(Subscribers subscribers, String threadName) {
        this.subscribers = subscribers;
        // at most one thread, so deliveries keep their order; it ends after a few idle seconds and the next event
        // starts another: containers start and stop now and then, an idle thread would cost its stack for nothing
        this.thread = new ThreadPoolExecutor(0, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    Future<?> post(ContainerEvent event) {
        return submit(() -> subscribers.deliver(event));
    }

    /**
     * Posts and waits until the subscribers have had it, at most {@code max}: Dobby emits Started before it replies
     * to the start. A subscriber that blocks longer only delays the reply by {@code max}.
     */
    void postAndWait(ContainerEvent event, Duration max) {
        Future<?> f = post(event);
        try {
            f.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("subscribers took longer than {} ms for {}", max.toMillis(), event);
        } catch (ExecutionException e) {
            LOG.warn("a subscriber failed on {}", event, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Future<?> submit(Runnable delivery) {
        try {
            return thread.submit(() -> {
                try {
                    delivery.run();
                } catch (RuntimeException e) {
                    LOG.warn("a container event subscriber failed", e);
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
