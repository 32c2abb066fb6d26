package io.ociplane.security.agent.internal;

import java.io.IOException;

/** The signing secret or its directory is not safe to use; the message says which file and why. */
final class SecretRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    SecretRefusedException(String message) {
        super(message);
    }
}
