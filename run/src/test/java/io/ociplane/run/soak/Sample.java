package io.ociplane.run.soak;

/**
 * The figures at one quiet point.
 *
 * @param seconds since the load began (0: before it)
 * @param values in {@link Figure} order; -1 where a figure could not be read
 * @param containers containers started so far
 * @param requests requests made so far
 */
record Sample(double seconds, double[] values, long containers, long requests) {

    double of(Figure f) {
        return values[f.ordinal()];
    }
}
