package io.ociplane.oci.dobby.bus;

/** Error names of the D-Bus specification that matter here. */
public final class DBusErrors {

    public static final String PREFIX = "org.freedesktop.DBus.Error.";
    public static final String UNKNOWN_METHOD = PREFIX + "UnknownMethod";
    public static final String UNKNOWN_OBJECT = PREFIX + "UnknownObject";
    public static final String UNKNOWN_INTERFACE = PREFIX + "UnknownInterface";
    public static final String NO_REPLY = PREFIX + "NoReply";
    public static final String SERVICE_UNKNOWN = PREFIX + "ServiceUnknown";
    public static final String NAME_HAS_NO_OWNER = PREFIX + "NameHasNoOwner";
    public static final String TIMEOUT = PREFIX + "Timeout";
    public static final String TIMED_OUT = PREFIX + "TimedOut";

    private DBusErrors() {
    }
}
