package io.ociplane.oci.dobby.bus;

import java.util.regex.Pattern;

/**
 * Where a Dobby daemon is on a bus: its well-known name, its one object and the prefix of its interfaces
 * ({@code <prefix>.admin1}, {@code <prefix>.ctrl1}). Builds before 2020-09 used {@code com.sky.dobby} throughout.
 */
public record DobbyNames(String serviceName, String objectPath, String interfacePrefix) {

    private static final Pattern BUS_NAME = Pattern.compile("[A-Za-z_-][A-Za-z0-9_-]*(\\.[A-Za-z_-][A-Za-z0-9_-]*)+");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Pattern OBJECT_PATH = Pattern.compile("/|(/[A-Za-z0-9_]+)+");
    private static final int MAX_NAME = 255 - ".admin1".length();

    /** Each name of every build since 2020-09, also the defaults of the client's and the service's configurations. */
    public static final String RDK_SERVICE_NAME = "org.rdk.dobby";
    public static final String RDK_OBJECT_PATH = "/org/rdk/dobby";
    public static final String RDK_INTERFACE_PREFIX = "org.rdk.dobby";
    /** The names of every build since 2020-09 (declared after the patterns it is checked with). */
    public static final DobbyNames RDK = new DobbyNames(RDK_SERVICE_NAME, RDK_OBJECT_PATH, RDK_INTERFACE_PREFIX);

    public DobbyNames {
        require("service name", serviceName, BUS_NAME);
        require("object path", objectPath, OBJECT_PATH);
        require("interface prefix", interfacePrefix, INTERFACE);
    }

    public String admin() {
        return interfacePrefix + ".admin1";
    }

    public String ctrl() {
        return interfacePrefix + ".ctrl1";
    }

    private static void require(String what, String value, Pattern pattern) {
        if (value == null || value.length() > MAX_NAME || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid D-Bus " + what + ": '" + value + "'");
        }
    }
}
