package io.ociplane.security.agent.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Helpers the tests share: files with given modes, a clock the test moves, waiting for a condition. */
final class TestFiles {

    /** Thunder's example ACL, as docs/security-agent.md shows it. */
    static final String THUNDER_EXAMPLE = """
            {
              "assign": [ {"url": "*://localhost",         "role": "local"},
                          {"url": "https://*.example.com", "role": "apps"} ],
              "roles": {
                "local": { "default": "allowed" },
                "apps":  { "default": "blocked",
                           "org.rdk.OCIContainer": { "default": "allowed", "methods": ["executeCommand", "start*"] },
                           "Controller":           { "default": "blocked", "methods": ["status"] } }
              }
            }
            """;

    private TestFiles() {
    }

    /** Writes the text (in place when the file exists) and sets the mode, e.g. {@code rw-r--r--}. */
    static Path write(Path file, String text, String mode) throws IOException {
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    static Path write(Path file, String text) throws IOException {
        return write(file, text, "rw-r--r--");
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static boolean runningAsRoot() {
        return ProcessUser.uid() == 0;
    }

    /** Polls the condition until it holds; fails after the timeout. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** A wall clock that moves only when the test says so. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A {@link System#nanoTime()} stand-in that moves only when the test says so. */
    static final class MovableNanos implements java.util.function.LongSupplier {
        private volatile long now = 1_000_000_000L;

        void advance(Duration d) {
            now += d.toNanos();
        }

        @Override
        public long getAsLong() {
            return now;
        }
    }
}
