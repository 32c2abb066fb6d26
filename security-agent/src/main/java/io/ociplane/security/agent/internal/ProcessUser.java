package io.ociplane.security.agent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective uid this process runs as, which owns the files it creates. */
final class ProcessUser {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static volatile int uid = -1;

    private ProcessUser() {
    }

    /**
     * Read from {@code /proc/self/status} (Linux; the runtime needs /proc anyway, see docs/security.md). Java has no
     * portable call for it, and {@code user.name} can be overridden on the command line.
     */
    static int uid() {
        int known = uid;
        if (known >= 0) {
            return known;
        }
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+"); // real, effective, saved, filesystem
                    known = Integer.parseInt(ids[1]);
                    uid = known;
                    return known;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot tell this process's uid from " + STATUS + ": " + e, e);
        }
        throw new IllegalStateException("cannot tell this process's uid: no Uid line in " + STATUS);
    }
}
