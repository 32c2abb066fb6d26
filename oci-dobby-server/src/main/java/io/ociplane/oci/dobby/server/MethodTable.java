package io.ociplane.oci.dobby.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.freedesktop.dbus.messages.MethodCall;

import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DBusErrors;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * Routes calls on the Dobby object to handlers by interface and member, whatever their signature (the handler
 * decides, as Dobby's do). What has no handler gets the errors the real daemon's sd-bus IpcService gives
 * (docs/dobby-dbus.md#d-bus-errors): UnknownMethod "No handler for method ..." and UnknownObject for another path.
 */
final class MethodTable {

    /** Handles one call, on the bus reader thread; long work must go to the work queue. */
    interface Handler {
        void handle(BusPeer peer, MethodCall call, DobbyArguments args);
    }

    private static final String PEER = "org.freedesktop.DBus.Peer";

    private final DobbyNames names;
    private final Outbox outbox;
    private final Map<String, Handler> handlers = new HashMap<>();

    MethodTable(DobbyNames names, Outbox outbox) {
        this.names = names;
        this.outbox = outbox;
    }

    void add(String iface, String member, Handler handler) {
        handlers.put(iface + "." + member, handler);
    }

    void dispatch(BusPeer peer, MethodCall call) {
        String path = call.getPath();
        if (!names.objectPath().equals(path)) {
            outbox.error(peer, call, DBusErrors.UNKNOWN_OBJECT, "Unknown object '" + path + "'.");
            return;
        }
        String iface = call.getInterface();
        if (PEER.equals(iface) && "Ping".equals(call.getName())) {
            outbox.reply(peer, call, null); // sd-bus answers Peer.Ping itself
            return;
        }
        String method = (iface == null ? "" : iface + ".") + call.getName();
        Handler handler = handlers.get(method);
        if (handler == null) {
            outbox.error(peer, call, DBusErrors.UNKNOWN_METHOD, "No handler for method " + method);
            return;
        }
        Object[] body;
        try {
            body = BusPeer.body(call);
        } catch (IOException e) {
            body = new Object[0]; // unreadable arguments: the handler sees none and fails as Dobby would
        }
        handler.handle(peer, call, DobbyArguments.read(call.getSig(), body));
    }
}
