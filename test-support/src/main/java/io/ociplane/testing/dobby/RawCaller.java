package io.ociplane.testing.dobby;

import java.io.IOException;

import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;

import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DobbyNames;

/** Calls the Dobby service with any signature, as a badly written client might; returns the reply as it is. */
public final class RawCaller implements AutoCloseable {

    private final BusPeer peer;
    private final DobbyNames names;
    private MethodCall last;

    public RawCaller(String address, DobbyNames names) throws IOException {
        this.names = names;
        this.peer = BusPeer.open(address, new BusPeer.Inbox() {
            @Override
            public void message(BusPeer from, Message message) {
                // signals are watched with a BusMonitor
            }

            @Override
            public void closed(BusPeer from, Exception cause) {
                // calls then fail
            }
        }, "raw-caller");
    }

    public Message ctrl(String member, String signature, Object... args) throws IOException {
        return call(names.objectPath(), names.ctrl(), member, signature, args);
    }

    public Message admin(String member, String signature, Object... args) throws IOException {
        return call(names.objectPath(), names.admin(), member, signature, args);
    }

    public Message call(String path, String iface, String member, String signature, Object... args)
            throws IOException {
        last = peer.methodCall(names.serviceName(), path, iface, member, signature, args);
        return peer.call(last, 5_000);
    }

    /** The serial of the last call sent (to find its reply on the bus). */
    public long lastSerial() {
        return last.getSerial();
    }

    /** The first argument of a reply. */
    public static Object first(Message reply) throws IOException {
        Object[] body = BusPeer.body(reply);
        return body.length == 0 ? null : body[0];
    }

    @Override
    public void close() {
        peer.close();
    }
}
