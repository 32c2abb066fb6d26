package io.ociplane.jsonrpc.spi;

import java.util.Objects;

/**
 * A JSON value that another program (a daemon) wrote and a plugin passes on in a result or event, as a Thunder
 * plugin passes on a {@code JsonObject} it parsed from that program's text. Thunder re-escapes only the strings at
 * its top level; its nested objects and arrays go out as the daemon wrote them, so R4.4's {@code \/} is not there
 * (docs/thunder-wire.md#passed-on-json). Wrap such a value in this; the host writes it by that rule for the profile.
 * The value is anything the host's Jackson writes as JSON (a {@code JsonNode}, a {@code Map}, ...).
 */
public final class DaemonJson {

    private final Object value;

    private DaemonJson(Object value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The value, passed on as a daemon wrote it. */
    public static DaemonJson of(Object value) {
        return new DaemonJson(value);
    }

    public Object value() {
        return value;
    }

    @Override
    public String toString() {
        return "DaemonJson" + value;
    }
}
