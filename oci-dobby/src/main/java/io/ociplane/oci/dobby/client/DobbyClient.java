package io.ociplane.oci.dobby.client;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerRuntime;
import io.ociplane.oci.dobby.bus.Backoff;
import io.ociplane.oci.dobby.bus.BusAddresses;
import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * The Dobby client: keeps a connection to the bus (again and again, with backoff, if the bus goes away; without
 * a socket file it only checks for one now and then), watches the daemon's name and Ready, and offers the
 * {@link ContainerRuntime} to its host only while the daemon is there and ready, after one {@code List} told
 * which containers it has. Signals keep those up to date and become events for the runtime's subscribers. All of
 * that happens on one control thread, which is also the provider thread that tells the host and the subscribers,
 * in order.
 */
public final class DobbyClient implements AutoCloseable {

    /** What the client tells, on its control thread. */
    public interface Host {
        /**
         * The daemon is ready: offer the runtime (e.g. register the service).
         *
         * @param daemon the unique bus name of the connection that owns the Dobby name
         */
        void publish(ContainerRuntime runtime, String daemon);

        /** The daemon or the bus is gone: withdraw the runtime. */
        void withdraw(ContainerRuntime runtime);
    }

    private static final long PING_TIMEOUT_MILLIS = 1_000;
    /** How long after a failed {@code List} at connect the client asks again (the daemon is there, but slow). */
    private static final long LIST_AGAIN_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(DobbyClient.class);

    /** Dobby's reply slots: calls in flight must stay below (docs/dobby-dbus.md#dispatch). */
    private static final int DOBBY_REPLY_SLOTS = 49;

    private final DobbyClientConfig config;
    private final DobbyNames names;
    private final Host host;
    private final ScheduledThreadPoolExecutor control;
    private final Backoff backoff;
    private final DobbyCaller caller;
    private final DobbyRuntime runtime;
    private final SignalEvents signals;
    private final DaemonPresence presence;
    private volatile DBusConnection connection;
    private long generation; // control thread: bumped per connection so late callbacks of old ones do nothing
    private boolean closed; // control thread
    private boolean published; // control thread: the host was told publish, and not withdraw since
    private boolean socketMissingLogged; // control thread

    /** @throws IllegalArgumentException with the reason when an attribute of the configuration is unusable */
    public DobbyClient(DobbyClientConfig config, Host host) {
        this.config = config;
        this.names = new DobbyNames(config.serviceName(), config.objectPath(), config.interfacePrefix());
        BusAddresses.check(config.busAddress());
        positive("callTimeoutMillis", config.callTimeoutMillis());
        positive("startTimeoutMillis", config.startTimeoutMillis());
        positive("readyTimeoutMillis", config.readyTimeoutMillis());
        positive("pingAttempts", config.pingAttempts());
        if (config.maxConcurrentCalls() < 1 || config.maxConcurrentCalls() >= DOBBY_REPLY_SLOTS) {
            throw new IllegalArgumentException("maxConcurrentCalls must be 1.." + (DOBBY_REPLY_SLOTS - 1));
        }
        this.host = host;
        this.control = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dobby-client " + names.serviceName());
            t.setDaemon(true);
            return t;
        });
        control.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.backoff = new Backoff(config.reconnectMinMillis(), config.reconnectMaxMillis());
        this.presence = new DaemonPresence(control, config.readyTimeoutMillis(), config.pingAttempts(),
                this::ping, new PresenceChanges());
        this.caller = new DobbyCaller(names, config.maxConcurrentCalls(), () -> connection,
                presence::isReady);
        this.runtime = new DobbyRuntime(caller, config);
        this.signals = new SignalEvents();
    }

    public void start() {
        execute(this::connect, 0);
    }

    /** The runtime (also handed to {@link Host#publish}); its calls fail as unavailable while the daemon is not. */
    public ContainerRuntime runtime() {
        return runtime;
    }

    public boolean isAvailable() {
        return presence.isReady();
    }

    private void connect() {
        if (closed || connection != null) {
            return;
        }
        String address = config.busAddress();
        if (!BusAddresses.socketExists(address)) {
            if (!socketMissingLogged) {
                LOG.info("no bus at {} (yet); the Dobby provider stays off until one appears", address);
                socketMissingLogged = true;
            }
            retryLater();
            return;
        }
        long gen = ++generation;
        DBusConnection opened = null;
        try {
            opened = BusLink.open(address, names, new LinkListener(gen));
            connection = opened;
            backoff.reset();
            socketMissingLogged = false;
            LOG.info("connected to {}; watching {}", address, names.serviceName());
            String owner = BusLink.nameOwner(opened, names.serviceName());
            if (owner != null) {
                presence.ownerFound(owner);
            }
        } catch (DBusException | RuntimeException e) {
            LOG.debug("cannot connect to {}: {}", address, e.toString());
            if (opened != null) {
                connection = null;
                opened.disconnect();
            }
            retryLater();
        }
    }

    private void onSignal(long gen, DBusSignal signal, java.util.function.Consumer<DBusSignal> handler) {
        execute(() -> {
            if (gen == generation && !closed) {
                handler.accept(signal);
            }
        }, 0);
    }

    private void ownerChanged(DBusSignal signal) {
        Object[] args = args(signal);
        if (args.length == 3 && names.serviceName().equals(args[0])) {
            LOG.info("{} owner now '{}'", args[0], args[2]);
            presence.ownerChanged((String) args[2]);
        }
    }

    private void containerSignal(DBusSignal signal) {
        String sender = signal.getSource();
        if (sender == null || !sender.equals(presence.owner())) {
            return; // only the daemon that owns the name speaks for it
        }
        ContainerEvent event = signals.translate(signal.getName(), signal.getSig(), args(signal));
        if (event != null) {
            runtime.signalled(event);
        }
    }

    private boolean ping() {
        try {
            caller.admin(Deadline.in(Math.min(PING_TIMEOUT_MILLIS, config.callTimeoutMillis())), "Ping");
            return true;
        } catch (ContainerException e) {
            LOG.debug("Ping: {}", e.getMessage());
            return false;
        }
    }

    private final class PresenceChanges implements DaemonPresence.Changes {
        @Override
        public void ready() {
            signals.reset(); // a new daemon: every owner change and bus loss pass through gone/ready
            offer(presence.owner());
        }

        @Override
        public void gone(boolean wasReady) {
            signals.reset();
            runtime.forget();
            if (wasReady) {
                LOG.info("Dobby daemon gone from {}", config.busAddress());
            }
            if (published) {
                published = false;
                tell(() -> host.withdraw(runtime));
            }
        }
    }

    /**
     * Offers the runtime of the ready daemon {@code owner} once one {@code List} said which containers it has; a
     * failed List is asked again a second later, as long as that daemon is the ready one.
     */
    private void offer(String owner) {
        if (closed || published || !presence.isReady() || owner == null || !owner.equals(presence.owner())) {
            return;
        }
        try {
            runtime.refill();
        } catch (ContainerException e) {
            LOG.warn("List of Dobby daemon {} failed ({}); asking again in {} ms", owner, e.getMessage(),
                    LIST_AGAIN_MILLIS);
            execute(() -> offer(owner), LIST_AGAIN_MILLIS);
            return;
        }
        LOG.info("Dobby daemon {} is ready with {} container(s)", owner, countKnown());
        published = true;
        tell(() -> host.publish(runtime, owner));
    }

    private int countKnown() {
        try {
            return runtime.list().size();
        } catch (ContainerException e) {
            return 0;
        }
    }

    /** What one connection hears, handed over to the control thread and dropped once the connection is old. */
    private final class LinkListener implements BusLink.Listener {
        private final long gen;

        LinkListener(long gen) {
            this.gen = gen;
        }

        @Override
        public void ownerChanged(DBusSignal signal) {
            onSignal(gen, signal, DobbyClient.this::ownerChanged);
        }

        @Override
        public void ready(DBusSignal signal) {
            onSignal(gen, signal, r -> presence.readySignal(r.getSource()));
        }

        @Override
        public void ctrlSignal(DBusSignal signal) {
            onSignal(gen, signal, DobbyClient.this::containerSignal);
        }

        @Override
        public void lost(String why) {
            execute(() -> DobbyClient.this.lost(gen, why), 0);
        }
    }

    private void lost(long gen, String why) {
        if (gen != generation || closed || connection == null) {
            return;
        }
        LOG.warn("lost the bus {} ({}); connecting again", config.busAddress(), why);
        DBusConnection old = connection;
        connection = null;
        generation++;
        presence.connectionLost();
        old.disconnect();
        retryLater();
    }

    private void retryLater() {
        execute(this::connect, backoff.nextDelayMillis());
    }

    private void execute(Runnable task, long delayMillis) {
        try {
            control.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Host code must not break the control thread. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("a Dobby provider host call failed", e);
        }
    }

    private static Object[] args(DBusSignal signal) {
        try {
            return BusPeer.body(signal);
        } catch (IOException e) {
            return new Object[0];
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Withdraws the runtime (telling the host) and leaves the bus. */
    @Override
    public void close() {
        execute(() -> {
            closed = true;
            generation++;
            presence.connectionLost();
            DBusConnection open = connection;
            connection = null;
            if (open != null) {
                open.disconnect();
            }
        }, 0);
        control.shutdown();
        try {
            if (!control.awaitTermination(15, TimeUnit.SECONDS)) {
                LOG.warn("the Dobby client's control thread did not stop in time");
                control.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
