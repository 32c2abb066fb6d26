package io.ociplane.oci.crun;

import java.util.function.IntPredicate;

/**
 * Dobby's descriptor sequence (docs/dobby-dbus.md#descriptors): a 10-bit Fibonacci LFSR seeded 0x1bc, taps at bits 0
 * and 3, stepped until a value is free, so a fresh provider hands out 734, 879, 439, 731, ... and 0 never occurs.
 * Not thread-safe: the container table calls it under its lock.
 */
final class DescriptorSequence {

    static final int PERIOD = 1023;
    private int state = 0x1bc;

    /** The next value not in use, or -1 when all 1023 are. */
    int next(IntPredicate inUse) {
        for (int i = 0; i < PERIOD; i++) {
            int bit = (state ^ (state >> 3)) & 1;
            state = (state >> 1) | (bit << 9);
            if (!inUse.test(state)) {
                return state;
            }
        }
        return -1;
    }
}
