package io.ociplane.oci.dobby.client;

import java.util.ArrayList;
import java.util.List;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;

/** Checks of the arguments the client sends the daemon: D-Bus strings hold no NUL, and they are bounded. */
final class ArgumentChecks {

    private static final int MAX_TEXT = 65_536;

    private ArgumentChecks() {
    }

    /** An optional text argument: null becomes "" (Dobby's "not given"). */
    static String text(String what, String value) throws ContainerException {
        if (value == null) {
            return "";
        }
        if (value.indexOf('\0') >= 0 || value.length() > MAX_TEXT) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, what + " must be text without NUL, at most "
                    + MAX_TEXT + " characters");
        }
        return value;
    }

    static List<String> texts(String what, List<String> values) throws ContainerException {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null) {
                throw new ContainerException(Reason.INVALID_ARGUMENT, what + " contain a null");
            }
            out.add(text(what, v));
        }
        return out;
    }

    /** {@code KEY=VALUE} strings with a non-empty key. */
    static List<String> env(List<String> env) throws ContainerException {
        for (String e : texts("environment entries", env)) {
            if (e.indexOf('=') < 1) {
                throw new ContainerException(Reason.INVALID_ARGUMENT, "environment entry '" + ContainerIds.shorten(e)
                        + "' is not KEY=VALUE");
            }
        }
        return env;
    }

    static String key(String key) throws ContainerException {
        if (text("annotation key", key).isEmpty()) {
            throw new ContainerException(Reason.INVALID_ARGUMENT, "annotation key is missing");
        }
        return key;
    }
}
