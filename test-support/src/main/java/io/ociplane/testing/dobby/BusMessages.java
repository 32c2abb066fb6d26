package io.ociplane.testing.dobby;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;

import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.messages.Error;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodReturn;

import io.ociplane.oci.dobby.bus.BusPeer;

/** Predicates and short descriptions of the D-Bus messages a {@link BusMonitor} sees. */
public final class BusMessages {

    private BusMessages() {
    }

    public static Predicate<Message> signal(String member) {
        return m -> m instanceof DBusSignal && member.equals(m.getName());
    }

    public static Predicate<Message> replyTo(long serial) {
        return m -> (m instanceof MethodReturn || m instanceof Error) && m.getReplySerial() == serial;
    }

    /** NameOwnerChanged for {@code name}; {@code released} selects the new owner "" or a real one. */
    public static Predicate<Message> ownerChange(String name, boolean released) {
        return m -> {
            if (!(m instanceof DBusSignal) || !"NameOwnerChanged".equals(m.getName())) {
                return false;
            }
            Object[] args = args(m);
            return args.length == 3 && name.equals(args[0]) && ((String) args[2]).isEmpty() == released;
        };
    }

    public static Object[] args(Message m) {
        try {
            return BusPeer.body(m);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** e.g. {@code signal Stopped [734, a]} or {@code return i [734]}. */
    public static String describe(Message m) {
        String kind = m instanceof DBusSignal ? "signal " + m.getName()
                : m instanceof Error ? "error " + m.getName()
                : m instanceof MethodReturn ? "return " + (m.getSig() == null ? "" : m.getSig())
                : "call " + m.getName();
        return kind + " " + Arrays.deepToString(args(m));
    }
}
