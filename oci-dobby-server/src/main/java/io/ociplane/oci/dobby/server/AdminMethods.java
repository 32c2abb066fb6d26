package io.ociplane.oci.dobby.server;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.freedesktop.dbus.messages.Message;

import io.ociplane.oci.dobby.bus.BusPeer;
import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * {@code admin1}, answered at once on the reader thread as Dobby does (docs/dobby-dbus.md#dispatch). Logging settings
 * are accepted and ignored: this service logs through the framework. SetAIDbusAddress answers whether the address
 * could be connected to, as Dobby's does; the attempt runs on {@code attempts}, so that a slow bus never holds up the
 * reader.
 */
final class AdminMethods {

    private static final long LOG_METHOD_ETHANLOG = 2;
    private static final long LOG_METHOD_MAX = 3;
    private static final BusPeer.Inbox IGNORED = new BusPeer.Inbox() {
        @Override
        public void message(BusPeer peer, Message message) {
            // the connection is only tried
        }

        @Override
        public void closed(BusPeer peer, Exception cause) {
            // closed right after it opened
        }
    };

    private AdminMethods() {
    }

    static void register(MethodTable table, DobbyNames names, Outbox outbox, Runnable shutdown, Executor attempts) {
        String admin = names.admin();
        table.add(admin, "Ping", (peer, call, args) -> outbox.reply(peer, call, null));
        table.add(admin, "Shutdown", (peer, call, args) -> {
            outbox.reply(peer, call, null); // the reply goes first, then the service winds down
            shutdown.run();
        });
        table.add(admin, "SetLogLevel", (peer, call, args) -> outbox.reply(peer, call, "b", args.is("i")));
        table.add(admin, "SetAIDbusAddress", (peer, call, args) -> {
            if (!args.is("bs")) {
                outbox.reply(peer, call, "b", false);
                return;
            }
            String address = args.string(1);
            try {
                attempts.execute(() -> outbox.reply(peer, call, "b", connects(address)));
            } catch (RejectedExecutionException e) {
                outbox.reply(peer, call, "b", false); // closing
            }
        });
        table.add(admin, "SetLogMethod", (peer, call, args) -> outbox.reply(peer, call, "b", validLogMethod(args)));
    }

    /**
     * Whether a bus connection to {@code address} can be made (Dobby keeps it for its plugins; this service has none,
     * so it closes it again). Only {@code unix:path=} addresses can be tried here.
     */
    private static boolean connects(String address) {
        try (BusPeer tried = BusPeer.open(address, IGNORED, "dobby-server-aibus-try")) {
            return tried.isOpen();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** At least two arguments, the first a {@code u} method 0..3; ETHANLOG needs the pipe fd second. */
    private static boolean validLogMethod(DobbyArguments args) {
        String sig = args.signature();
        if (args.count() < 2 || sig.charAt(0) != 'u') {
            return false;
        }
        long method = args.uint32(0);
        if (method > LOG_METHOD_MAX) {
            return false;
        }
        return method != LOG_METHOD_ETHANLOG || sig.charAt(1) == 'h';
    }
}
