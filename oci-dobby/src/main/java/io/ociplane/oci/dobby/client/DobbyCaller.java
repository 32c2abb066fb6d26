package io.ociplane.oci.dobby.client;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.messages.Error;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DBusErrors;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * Calls the daemon's methods by name with an explicit signature (no proxies, so no introspection, and the
 * interface names follow the configuration). A caller never waits past its deadline: not for a free call slot
 * (at most {@code maxConcurrentCalls} in flight, Dobby has 49), not for the reply. D-Bus errors become reasons.
 */
final class DobbyCaller {

    /** A method return: its signature ("" for an empty body) and arguments. */
    record Reply(String signature, Object[] body) {
    }

    private final DobbyNames names;
    private final Supplier<DBusConnection> connection;
    private final Semaphore slots;
    private final BooleanSupplier daemonReady;

    DobbyCaller(DobbyNames names, int maxConcurrentCalls, Supplier<DBusConnection> connection,
            BooleanSupplier daemonReady) {
        this.names = names;
        this.connection = connection;
        this.slots = new Semaphore(maxConcurrentCalls, true);
        this.daemonReady = daemonReady;
    }

    /** A ctrl1 call; refused at once unless the daemon is ready (calls before Ready leak Dobby's reply slots). */
    Reply ctrl(Deadline deadline, String member, String signature, Object... args) throws ContainerException {
        requireReady(member);
        return call(deadline, names.ctrl(), member, signature, args);
    }

    /** Refuses {@code what} at once unless a ready daemon owns the name. */
    void requireReady(String what) throws ContainerException {
        if (!daemonReady.getAsBoolean()) {
            throw new ContainerException(Reason.PROVIDER_UNAVAILABLE, what + ": no ready Dobby daemon on "
                    + names.serviceName());
        }
    }

    Reply admin(Deadline deadline, String member) throws ContainerException {
        return call(deadline, names.admin(), member, null);
    }

    private Reply call(Deadline deadline, String iface, String member, String signature, Object... args)
            throws ContainerException {
        DBusConnection bus = connection.get();
        if (bus == null || !bus.isConnected()) {
            throw new ContainerException(Reason.PROVIDER_UNAVAILABLE, "not connected to the bus of the Dobby daemon");
        }
        try {
            if (!slots.tryAcquire(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerException(Reason.TIMEOUT, member + ": too many Dobby calls in flight");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(Reason.TIMEOUT, member + ": interrupted", e);
        }
        try {
            MethodCall call = bus.getMessageFactory().createMethodCall(names.serviceName(), names.objectPath(), iface,
                    member, (byte) 0, signature, args);
            bus.sendMessage(call);
            Message reply = awaitReply(call, deadline);
            if (reply == null) {
                throw new ContainerException(Reason.TIMEOUT, member + ": no reply from the Dobby daemon in time");
            }
            if (reply instanceof Error error) {
                throw failure(member, error, bus);
            }
            String sig = reply.getSig() == null ? "" : reply.getSig();
            return new Reply(sig, BusPeer.body(reply));
        } catch (DBusException | java.io.IOException e) {
            throw new ContainerException(Reason.PROVIDER_ERROR, member + ": " + e.getMessage(), e);
        } catch (DBusExecutionException e) { // raised by sendMessage when the connection just dropped
            throw new ContainerException(Reason.PROVIDER_UNAVAILABLE, member + ": " + e.getMessage(), e);
        } finally {
            slots.release();
        }
    }

    private static Message awaitReply(MethodCall call, Deadline deadline) {
        while (true) {
            long left = deadline.remainingMillis();
            if (left <= 0) {
                return call.hasReply() ? call.getReply(1) : null; // getReply(0) would wait for ever
            }
            Message reply = call.getReply(left);
            if (reply != null) {
                return reply;
            }
        }
    }

    /** docs/dobby-dbus.md#d-bus-errors: which D-Bus error means what for the caller. */
    private static ContainerException failure(String member, Error error, DBusConnection bus) {
        String name = error.getName() == null ? "" : error.getName();
        String text = BusPeer.describe(error);
        String what = member + ": " + name + (text.isEmpty() ? "" : " \"" + text + "\"");
        if (!name.startsWith(DBusErrors.PREFIX) || !bus.isConnected()) {
            return new ContainerException(Reason.PROVIDER_UNAVAILABLE, what + " (connection to the bus lost)");
        }
        return switch (name) {
            case DBusErrors.NO_REPLY -> text.contains("disconnected")
                    ? new ContainerException(Reason.PROVIDER_UNAVAILABLE, what + " (the daemon left mid-call)")
                    : new ContainerException(Reason.TIMEOUT, what);
            case DBusErrors.TIMEOUT, DBusErrors.TIMED_OUT -> new ContainerException(Reason.TIMEOUT, what);
            case DBusErrors.SERVICE_UNKNOWN, DBusErrors.NAME_HAS_NO_OWNER ->
                new ContainerException(Reason.PROVIDER_UNAVAILABLE, what + " (no Dobby daemon on the bus)");
            case DBusErrors.UNKNOWN_METHOD -> new ContainerException(Reason.PROVIDER_ERROR, what
                    + (text.startsWith("Unknown method ") ? " (the daemon is unusable: reply slots exhausted or"
                            + " started with --dbus-address)" : " (not in this Dobby build)"));
            default -> new ContainerException(Reason.PROVIDER_ERROR, what);
        };
    }
}
