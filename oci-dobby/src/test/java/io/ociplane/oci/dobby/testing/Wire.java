package io.ociplane.oci.dobby.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;

import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.messages.Error;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodReturn;

import io.ociplane.oci.dobby.bus.BusPeer;

/** Predicates and short descriptions of messages seen on the wire. */
public final class Wire {

    private Wire() {
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

    public static java.util.List<Integer> ints(Object value) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        if (value instanceof int[] a) {
            for (int v : a) {
                out.add(v);
            }
        } else if (value instanceof java.util.List<?> l) {
            l.forEach(v -> out.add(((Number) v).intValue()));
        } else if (value instanceof Object[] a) {
            for (Object v : a) {
                out.add(((Number) v).intValue());
            }
        }
        return out;
    }

    public static java.util.List<String> strings(Object value) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (value instanceof java.util.List<?> l) {
            l.forEach(v -> out.add((String) v));
        } else if (value instanceof Object[] a) {
            for (Object v : a) {
                out.add((String) v);
            }
        }
        return out;
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
