package io.ociplane.security.agent.internal;

/** An ACL file that cannot be used; the message says where and why, for the log and the status note. */
final class AclFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    AclFormatException(String message) {
        super(message, null, false, false);
    }
}
