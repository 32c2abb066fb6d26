package io.ociplane.oci.dobby.server;

import io.ociplane.oci.dobby.bus.DobbyNames;

/**
 * {@code admin1}, answered at once on the reader thread as Dobby does (docs/dobby-dbus.md#dispatch). Logging settings
 * are accepted and ignored: this service logs through the framework.
 */
final class AdminMethods {

    private static final long LOG_METHOD_ETHANLOG = 2;
    private static final long LOG_METHOD_MAX = 3;

    private AdminMethods() {
    }

    static void register(MethodTable table, DobbyNames names, Outbox outbox, Runnable shutdown) {
        String admin = names.admin();
        table.add(admin, "Ping", (peer, call, args) -> outbox.reply(peer, call, null));
        table.add(admin, "Shutdown", (peer, call, args) -> {
            outbox.reply(peer, call, null); // the reply goes first, then the service winds down
            shutdown.run();
        });
        table.add(admin, "SetLogLevel", (peer, call, args) -> outbox.reply(peer, call, "b", args.is("i")));
        table.add(admin, "SetAIDbusAddress", (peer, call, args) -> outbox.reply(peer, call, "b", args.is("bs")));
        table.add(admin, "SetLogMethod", (peer, call, args) -> outbox.reply(peer, call, "b", validLogMethod(args)));
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
