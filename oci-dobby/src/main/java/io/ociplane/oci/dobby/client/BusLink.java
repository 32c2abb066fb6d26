package io.ociplane.oci.dobby.client;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.messages.MethodReturn;

import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * One connection of the client to the bus, subscribed to what it watches: NameOwnerChanged of the Dobby name,
 * admin1.Ready and every ctrl1 signal. Match rules carry no sender (as DobbyProxy's), so a restarted daemon is
 * heard without subscribing again; the client checks senders itself.
 */
final class BusLink {

    /** Where the connection's news goes; called on dbus-java's threads, so implementations only hand over. */
    interface Listener {
        void ownerChanged(DBusSignal signal);

        void ready(DBusSignal signal);

        void ctrlSignal(DBusSignal signal);

        void lost(String why);
    }

    private static final String BUS = "org.freedesktop.DBus";
    private static final String BUS_PATH = "/org/freedesktop/DBus";
    /** How often a wait for the bus looks whether the connection is still there. */
    private static final long CONNECTION_CHECK_MILLIS = 20;

    private BusLink() {
    }

    static DBusConnection open(String address, DobbyNames names, Listener listener) throws DBusException {
        DBusConnection bus = DBusConnectionBuilder.forAddress(address).withShared(false)
                .withDisconnectCallback(new IDisconnectCallback() {
                    @Override
                    public void disconnectOnError(IOException cause) {
                        listener.lost(cause.toString());
                    }

                    @Override
                    public void clientDisconnect() {
                        listener.lost("end of stream");
                    }
                })
                .transportConfig().withTimeout(500).back() // one attempt: the client does its own backoff
                .build();
        try {
            bus.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withSender(BUS)
                    .withInterface(BUS).withMember("NameOwnerChanged").withPath(BUS_PATH)
                    .withArg0123(0, names.serviceName()).build(), listener::ownerChanged);
            bus.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withInterface(names.admin())
                    .withMember("Ready").withPath(names.objectPath()).build(), listener::ready);
            bus.addGenericSigHandler(DBusMatchRuleBuilder.create().withType("signal").withInterface(names.ctrl())
                    .withPath(names.objectPath()).build(), listener::ctrlSignal);
        } catch (DBusException | RuntimeException e) {
            bus.disconnect();
            throw e;
        }
        return bus;
    }

    /** The process id of the connection {@code uniqueName} as the bus knows it, or -1. Asks the bus only. */
    static long processOf(DBusConnection bus, String uniqueName) {
        try {
            return bus.getRemoteObject(BUS, BUS_PATH, DBus.class).GetConnectionUnixProcessID(uniqueName).longValue();
        } catch (DBusException | DBusExecutionException e) {
            return -1;
        }
    }

    /**
     * Whether the bus still answers this connection, within {@code maxMillis}; false at once when the connection goes
     * meanwhile. A bus that is going down closes its connections one by one, and the daemon's name may lose its owner
     * just before this connection closes: that says nothing of the daemon (docs/dobby-dbus.md#presence).
     */
    static boolean answers(DBusConnection bus, long maxMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        try {
            MethodCall call = bus.getMessageFactory().createMethodCall(BUS, BUS_PATH, BUS, "GetId", (byte) 0, null);
            bus.sendMessage(call);
            while (bus.isConnected()) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                Message reply = call.getReply(Math.min(left, CONNECTION_CHECK_MILLIS));
                if (reply != null) {
                    return reply instanceof MethodReturn;
                }
            }
            return false;
        } catch (DBusException | RuntimeException e) { // e.g. sendMessage on a connection that just dropped
            return false;
        }
    }

    /** The unique name owning {@code name}, or null. Asks the bus only (the typed proxy never introspects). */
    static String nameOwner(DBusConnection bus, String name) throws DBusException {
        try {
            return bus.getRemoteObject(BUS, BUS_PATH, DBus.class).GetNameOwner(name);
        } catch (DBusExecutionException e) {
            return null; // NameHasNoOwner
        }
    }
}
