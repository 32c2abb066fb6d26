package io.ociplane.oci.dobby.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Bus addresses as the JDK unix-socket transport can use them: {@code unix:path=...} only (no abstract sockets). */
public final class BusAddresses {

    /** Where Dobby and its clients find the system bus (they never honour DBUS_SYSTEM_BUS_ADDRESS as clients). */
    public static final String SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket";

    private BusAddresses() {
    }

    /** Checks that the address is a {@code unix:path=} address and returns it unchanged. */
    public static String check(String address) {
        socketPath(address);
        return address;
    }

    /** The socket file of a {@code unix:path=/x[,guid=...]} address. */
    public static Path socketPath(String address) {
        if (address == null || !address.startsWith("unix:") || address.indexOf(';') >= 0) {
            throw new IllegalArgumentException("bus address must be one 'unix:path=...' address: '" + address + "'");
        }
        for (String part : address.substring("unix:".length()).split(",")) {
            if (part.startsWith("path=") && part.length() > "path=/".length() && part.charAt(5) == '/') {
                return Path.of(part.substring("path=".length()));
            }
        }
        throw new IllegalArgumentException("bus address needs an absolute 'path=' (abstract sockets are not supported):"
                + " '" + address + "'");
    }

    /** Whether the socket file exists, so a connection attempt is worth making. */
    public static boolean socketExists(String address) {
        return Optional.of(socketPath(address)).filter(Files::exists).isPresent();
    }
}
