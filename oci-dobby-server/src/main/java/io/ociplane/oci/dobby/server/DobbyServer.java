package io.ociplane.oci.dobby.server;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRef;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.api.Subscription;
import io.ociplane.oci.dobby.bus.Backoff;
import io.ociplane.oci.dobby.bus.BusAddresses;
import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * A Dobby-compatible D-Bus service backed by any container provider: it owns the Dobby name (DO_NOT_QUEUE), serves
 * {@code admin1} and {@code ctrl1} on the Dobby object, signals Ready once it serves, and turns the provider's
 * events (it subscribes on it while it runs) into Dobby's signals. If the bus goes away it connects again with
 * backoff and starts over, like a restarted daemon.
 */
public final class DobbyServer implements AutoCloseable {

    /** Told, on the server's bus thread, which connection owns the Dobby name for this server. */
    public interface Serving {
        /** The connection {@code uniqueName} asks for the name now, and serves while it has it. */
        void claiming(String uniqueName);

        /** That connection does not have the name (any more). */
        void released();
    }

    private static final Serving UNTOLD = new Serving() {
        @Override
        public void claiming(String uniqueName) {
        }

        @Override
        public void released() {
        }
    };
    private static final Logger LOG = LoggerFactory.getLogger(DobbyServer.class);

    private final ContainerRuntime backend;
    private final DobbyServerConfig config;
    private final DobbyNames names;
    private final ScheduledExecutorService control;
    private final ExecutorService work;
    private final Outbox outbox;
    private final MethodTable methods;
    private final BackendEvents events;
    private final Serving serving;
    private final Backoff backoff;
    private Subscription subscription; // guarded by stateLock
    private final Object stateLock = new Object();
    private BusPeer peer; // guarded by stateLock
    private boolean closed; // guarded by stateLock
    private boolean shutDown; // guarded by stateLock: admin1.Shutdown was called

    public DobbyServer(ContainerRuntime backend, DobbyServerConfig config) {
        this(backend, config, UNTOLD);
    }

    /** @param serving told which connection owns the name, before it asks for it and when it no longer has it */
    public DobbyServer(ContainerRuntime backend, DobbyServerConfig config, Serving serving) {
        this.backend = backend;
        this.config = config;
        this.names = new DobbyNames(config.serviceName(), config.objectPath(), config.interfacePrefix());
        BusAddresses.check(config.busAddress());
        this.serving = serving;
        String service = names.serviceName();
        this.control = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "dobby-server-bus " + service));
        this.work = Executors.newSingleThreadExecutor(r -> daemon(r, "dobby-server-work " + service));
        this.outbox = new Outbox(names);
        this.methods = new MethodTable(names, outbox);
        DescriptorTable descriptors = new DescriptorTable();
        new ControlMethods(backend, descriptors, outbox, work, config, names).register(methods);
        AdminMethods.register(methods, names, outbox, this::shutdownRequested);
        this.events = new BackendEvents(descriptors, outbox, work, config.emitStoppedWithStatus());
        this.backoff = new Backoff(config.reconnectMinMillis(), config.reconnectMaxMillis());
    }

    /** Subscribes on the backing provider and starts connecting; returns at once. */
    public void start() {
        synchronized (stateLock) {
            if (closed || subscription != null) {
                return;
            }
            subscription = backend.subscribe(events);
        }
        submit(this::connect, 0);
    }

    /** Whether the service owns its name and has sent Ready. */
    public boolean isServing() {
        synchronized (stateLock) {
            return peer != null && peer.isOpen();
        }
    }

    /** Waits until the service serves, at most {@code timeout}. */
    public boolean awaitServing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (peer == null || !peer.isOpen()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || closed) {
                    return false;
                }
                stateLock.wait(left);
            }
            return true;
        }
    }

    private void connect() {
        synchronized (stateLock) {
            if (closed || shutDown || peer != null) {
                return;
            }
        }
        if (!BusAddresses.socketExists(config.busAddress())) {
            retryLater("no bus socket at " + config.busAddress());
            return;
        }
        String service = names.serviceName();
        BusPeer opened = null;
        try {
            opened = BusPeer.open(config.busAddress(), inbox, "dobby-server-reader " + service);
            serving.claiming(opened.uniqueName()); // before the name is ours: no client sees the name without it
            if (!opened.requestName(service)) {
                serving.released();
                opened.close();
                retryLater(service + " is owned by another connection");
                return;
            }
            synchronized (stateLock) {
                if (closed) {
                    serving.released();
                    opened.close();
                    return;
                }
                peer = opened;
                outbox.attach(opened);
                stateLock.notifyAll();
            }
            backoff.reset();
            outbox.adminSignal("Ready");
            LOG.info("serving {} on {} backed by '{}'", service, config.busAddress(), backend.name());
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                serving.released();
                opened.close();
            }
            retryLater(e.toString());
        }
    }

    private void retryLater(String why) {
        long delay = backoff.nextDelayMillis();
        LOG.debug("{} not served ({}); next try in {} ms", names.serviceName(), why, delay);
        submit(this::connect, delay);
    }

    private final BusPeer.Inbox inbox = new BusPeer.Inbox() {
        @Override
        public void message(BusPeer from, Message message) {
            if (message instanceof MethodCall call) {
                methods.dispatch(from, call);
            }
        }

        @Override
        public void closed(BusPeer from, Exception cause) {
            LOG.warn("lost the bus {}: {}", config.busAddress(), cause.toString());
            submit(() -> lost(from), 0);
        }
    };

    private void lost(BusPeer from) {
        synchronized (stateLock) {
            if (peer != from) {
                return;
            }
            peer = null;
            outbox.detach();
        }
        serving.released();
        retryLater("connection lost");
    }

    /** admin1.Shutdown: stop every container without signals, leave the bus and stay off it. */
    private void shutdownRequested() {
        LOG.info("{} asked to shut down", names.serviceName());
        outbox.detach();
        try {
            work.execute(() -> {
                try {
                    for (ContainerRef ref : backend.list()) { // Dobby's Shutdown stops them without signals
                        stopQuietly(ref);
                    }
                } catch (ContainerException | RuntimeException e) {
                    LOG.debug("list at shutdown failed: {}", e.getMessage());
                }
                BusPeer leaving;
                synchronized (stateLock) {
                    shutDown = true;
                    leaving = peer;
                    peer = null;
                }
                if (leaving != null) {
                    serving.released();
                    leaving.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // closing anyway
        }
    }

    private void stopQuietly(ContainerRef ref) {
        try {
            backend.stop(ref.id(), false);
        } catch (ContainerException | RuntimeException e) {
            LOG.debug("stop of {} at shutdown failed: {}", ref.id(), e.getMessage());
        }
    }

    private void submit(Runnable task, long delayMillis) {
        try {
            control.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    @Override
    public void close() {
        BusPeer open;
        Subscription events;
        synchronized (stateLock) {
            closed = true;
            open = peer;
            peer = null;
            outbox.detach();
            events = subscription;
            subscription = null;
            stateLock.notifyAll();
        }
        if (events != null) {
            events.close();
        }
        control.shutdownNow();
        work.shutdownNow();
        if (open != null) {
            serving.released();
            open.close();
        }
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
