package io.ociplane.oci.dobby.server;

import java.io.IOException;

import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.messages.constants.Flags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * What the service sends: replies go back on the connection the call came in on; signals go out on the current
 * connection and are dropped while there is none (as a restarted daemon never signals for what went before).
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final DobbyNames names;
    private volatile BusPeer current;

    Outbox(DobbyNames names) {
        this.names = names;
    }

    void attach(BusPeer peer) {
        current = peer;
    }

    void detach() {
        current = null;
    }

    /** A reply; {@code signature} null for an empty body. */
    void reply(BusPeer peer, MethodCall call, String signature, Object... args) {
        if ((call.getFlags() & Flags.NO_REPLY_EXPECTED) != 0) {
            return;
        }
        try {
            peer.send(peer.factory().createMethodReturn(call, signature, args));
        } catch (IOException | DBusException e) {
            LOG.debug("could not reply to {}: {}", call.getName(), e.toString());
        }
    }

    void error(BusPeer peer, MethodCall call, String errorName, String text) {
        if ((call.getFlags() & Flags.NO_REPLY_EXPECTED) != 0) {
            return;
        }
        try {
            peer.send(peer.factory().createError(null, call.getSource(), errorName, call.getSerial(), "s", text));
        } catch (IOException | DBusException e) {
            LOG.debug("could not send {} for {}: {}", errorName, call.getName(), e.toString());
        }
    }

    void ctrlSignal(String member, String signature, Object... args) {
        signal(names.ctrl(), member, signature, args);
    }

    void adminSignal(String member) {
        signal(names.admin(), member, null);
    }

    private void signal(String iface, String member, String signature, Object... args) {
        BusPeer peer = current;
        if (peer == null) {
            LOG.debug("off the bus: {} {} not sent", member, java.util.Arrays.toString(args));
            return;
        }
        try {
            peer.send(peer.factory().createSignal(null, names.objectPath(), iface, member, signature, args));
        } catch (IOException | DBusException e) {
            LOG.debug("could not send {}: {}", member, e.toString());
        }
    }
}
