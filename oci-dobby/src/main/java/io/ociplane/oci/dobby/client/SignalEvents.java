package io.ociplane.oci.dobby.client;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import io.ociplane.oci.api.ContainerEvent;
import io.ociplane.oci.api.ContainerEvent.Type;
import io.ociplane.oci.api.ContainerRef;

/**
 * ctrl1 signals to events, exactly once each (docs/dobby-dbus.md#signals): StoppedWithStatus gives the STOPPED event
 * with its status and the Stopped right after it is dropped; a Stopped alone (daemons before 2023-09) gives STOPPED
 * without a status. Payloads of another shape are dropped, as DobbyProxy drops them. Used on one thread.
 */
final class SignalEvents {

    private static final int REMEMBERED = 256;

    /** Containers whose StoppedWithStatus was delivered and whose Stopped is still to come. */
    private final Set<String> reportedStops = new LinkedHashSet<>();

    /** The event for a signal, or null when there is none to deliver. */
    ContainerEvent translate(String member, String signature, Object[] args) {
        String sig = signature == null ? "" : signature;
        if ("StoppedWithStatus".equals(member)) {
            if (!"isi".equals(sig)) {
                return null;
            }
            remember(key(args));
            return event(Type.STOPPED, args, ((Number) args[2]).intValue());
        }
        if (!"is".equals(sig)) {
            return null;
        }
        return switch (member) {
            case "Started" -> event(Type.STARTED, args, null);
            case "Hibernated" -> event(Type.HIBERNATED, args, null);
            case "Awoken" -> event(Type.AWOKEN, args, null);
            case "Stopped" -> reportedStops.remove(key(args)) ? null : event(Type.STOPPED, args, null);
            default -> null;
        };
    }

    /** A new daemon: nothing of the old one is pending. */
    void reset() {
        reportedStops.clear();
    }

    private static ContainerEvent event(Type type, Object[] args, Integer status) {
        return new ContainerEvent(type, new ContainerRef(((Number) args[0]).intValue(), (String) args[1]), status);
    }

    private void remember(String key) {
        reportedStops.add(key);
        if (reportedStops.size() > REMEMBERED) {
            Iterator<String> oldest = reportedStops.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private static String key(Object[] args) {
        return args[0] + "/" + args[1];
    }
}
