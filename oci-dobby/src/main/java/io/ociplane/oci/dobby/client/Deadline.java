package io.ociplane.oci.dobby.client;

/** A point in time a caller must not wait past; follow-up calls share the caller's deadline. */
record Deadline(long nanos) {

    static Deadline in(long millis) {
        return new Deadline(System.nanoTime() + millis * 1_000_000L);
    }

    long remainingMillis() {
        return Math.max(0, (nanos - System.nanoTime()) / 1_000_000L);
    }

    boolean passed() {
        return remainingMillis() <= 0;
    }
}
