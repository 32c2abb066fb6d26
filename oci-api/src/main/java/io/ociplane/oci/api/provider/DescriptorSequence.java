package io.ociplane.oci.api.provider;

import java.util.function.IntPredicate;

/**
 * The descriptors a provider gives its containers ({@link io.ociplane.oci.api.ContainerRef}), in the order RDK's
 * Dobby daemon hands them out (docs/dobby-dbus.md#descriptors), so that the plugins' wire shows the same numbers
 * whichever provider serves: a 10-bit Fibonacci LFSR seeded 0x1bc, taps at bits 0 and 3, stepped until a value is
 * free. A fresh sequence gives 734, 879, 439, 731, ... and never 0. Not thread-safe: a provider steps it under the
 * lock that guards its containers.
 */
public final class DescriptorSequence {

    /** How many descriptors there are: 1 to 1023. */
    public static final int PERIOD = 1023;
    private int state = 0x1bc;

    /** The next value for which {@code inUse} is false, or -1 when all 1023 are in use. */
    public int next(IntPredicate inUse) {
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
