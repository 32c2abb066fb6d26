package io.ociplane.oci.runc;

import java.util.ArrayList;
import java.util.List;

import io.ociplane.oci.api.ContainerException;
import io.ociplane.oci.api.ContainerException.Reason;
import io.ociplane.oci.api.ContainerIds;

/** Dobby's text conventions: command lines split on single spaces, {@code KEY=VALUE} environment strings. */
final class CommandLines {

    private CommandLines() {
    }

    /**
     * Splits on single spaces with no quoting, as Dobby does (a double space yields an empty argument).
     *
     * @throws ContainerException when the command is empty, starts with a space or holds a NUL or line break
     */
    static List<String> split(String what, String command) throws ContainerException {
        if (command == null || command.isEmpty() || command.startsWith(" ")) {
            throw invalid(what + " is empty or starts with a space");
        }
        checkText(what, command);
        List<String> args = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= command.length(); i++) {
            if (i == command.length() || command.charAt(i) == ' ') {
                args.add(command.substring(from, i));
                from = i + 1;
            }
        }
        return args;
    }

    /** An environment entry {@code KEY=VALUE}: the key of ASCII letters, digits and {@code _}, not first a digit. */
    static String checkEnv(String entry) throws ContainerException {
        int eq = entry == null ? -1 : entry.indexOf('=');
        if (eq <= 0) {
            throw invalid("environment entry '" + ContainerIds.shorten(entry) + "' is not KEY=VALUE");
        }
        for (int i = 0; i < eq; i++) {
            char c = entry.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_') || i == 0 && Character.isDigit(c)) {
                throw invalid("environment entry '" + ContainerIds.shorten(entry) + "' has a bad key");
            }
        }
        checkText("environment entry", entry);
        return entry;
    }

    /** Refuses NUL and line breaks, which no argument or environment entry of ours may carry. */
    static void checkText(String what, String s) throws ContainerException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\n' || c == '\r') {
                throw invalid(what + " contains a NUL or line break");
            }
        }
    }

    static ContainerException invalid(String message) {
        return new ContainerException(Reason.INVALID_ARGUMENT, message);
    }
}
