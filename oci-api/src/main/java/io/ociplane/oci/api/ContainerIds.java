package io.ociplane.oci.api;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Validation every provider and consumer applies the same way: container ids and host paths. */
public final class ContainerIds {

    /** Longest accepted path, in characters. */
    public static final int MAX_PATH = 4096;
    private static final int MAX_ID = 128;

    private ContainerIds() {
    }

    /**
     * 1..128 of {@code [A-Za-z0-9._-]}, at least one letter (so an id never looks like a descriptor), no
     * {@code ..} (docs/dobby-dbus.md#container-ids).
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID || id.contains("..")) {
            return false;
        }
        boolean letter = false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean isLetter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            letter |= isLetter;
            if (!isLetter && !(c >= '0' && c <= '9') && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return letter;
    }

    public static String checkId(String id) throws ContainerException {
        if (!isValidId(id)) {
            throw invalid("invalid container id '" + shorten(id) + "': use 1 to 128 of A-Z a-z 0-9 . _ -, with at"
                    + " least one letter and no '..'");
        }
        return id;
    }

    /** An absolute, normalised path without {@code ..} segments or control characters, that can name a file here. */
    public static String checkAbsolutePath(String what, String path) throws ContainerException {
        if (path == null || path.isEmpty()) {
            throw invalid(what + " is missing");
        }
        if (path.length() > MAX_PATH) {
            throw invalid(what + " is longer than " + MAX_PATH + " characters");
        }
        if (!path.startsWith("/")) {
            throw invalid(what + " must be an absolute path: '" + shorten(path) + "'");
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20) {
                throw invalid(what + " contains a control character");
            }
        }
        try {
            Path.of(path);
        } catch (InvalidPathException e) {
            // a lone UTF-16 surrogate, or a character the platform's file-name encoding cannot write
            throw invalid(what + " has characters that cannot be part of a file name here");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid(what + " must not contain '.' or '..' segments: '" + shorten(path) + "'");
            }
        }
        return path;
    }

    private static ContainerException invalid(String message) {
        return new ContainerException(ContainerException.Reason.INVALID_ARGUMENT, message);
    }

    /** A value fit for an error message: at most 64 characters. */
    public static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
