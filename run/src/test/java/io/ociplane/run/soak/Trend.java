package io.ociplane.run.soak;

import java.util.List;

/**
 * A figure's trend over a run (docs/soak.md#verdict): the least-squares line through the samples after the warm-up,
 * its slope per hour and R², and the verdict. A figure fails when it climbs: positive slope, R² at least
 * {@link #R2_MIN}, and a fitted rise over the window of at least the figure's tolerance.
 *
 * @param first the first value in the window
 * @param last the last value in the window
 * @param rise the slope times the window's length: how much the line climbs across the window
 */
record Trend(Figure figure, int points, double first, double last, double min, double max, double slopePerHour,
        double r2, double rise, Verdict verdict) {

    /** How well a line must explain the samples before its slope is believed (see docs/soak.md#thresholds). */
    static final double R2_MIN = 0.5;

    enum Verdict {
        /** No climb beyond the tolerance, or none a line explains. */
        FLAT,
        /** A climb a line explains, short of the tolerance: reported, not failed. */
        RISES_WITHIN_TOLERANCE,
        /** Falls steadily (e.g. warm-up allocations given back). */
        FALLS,
        /** Climbs steadily by at least the tolerance: a leak. */
        GROWS,
        /** Some sample could not be read. */
        UNREAD
    }

    boolean failed() {
        return verdict == Verdict.GROWS || verdict == Verdict.UNREAD;
    }

    /** The trend of one figure over the samples from {@code warmup} (a share of the run's length) on. */
    static Trend of(Figure f, List<Sample> samples, double warmup) {
        double end = samples.get(samples.size() - 1).seconds();
        List<Sample> window = samples.stream().filter(s -> s.seconds() >= warmup * end).toList();
        int n = window.size();
        double[] x = new double[n];
        double[] y = new double[n];
        boolean unread = false;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            x[i] = window.get(i).seconds() / 3600;
            y[i] = window.get(i).of(f);
            unread |= y[i] < 0;
            min = Math.min(min, y[i]);
            max = Math.max(max, y[i]);
        }
        double[] line = fit(x, y);
        double slope = line[0];
        double r2 = line[1];
        double rise = n < 2 ? 0 : slope * (x[n - 1] - x[0]);
        Verdict v;
        if (unread || n < 3) {
            v = Verdict.UNREAD;
        } else if (slope > 0 && r2 >= R2_MIN && rise >= f.tolerance) {
            v = Verdict.GROWS;
        } else if (slope > 0 && r2 >= R2_MIN && rise > 0) {
            v = Verdict.RISES_WITHIN_TOLERANCE;
        } else if (slope < 0 && r2 >= R2_MIN && -rise >= f.tolerance) {
            v = Verdict.FALLS;
        } else {
            v = Verdict.FLAT;
        }
        return new Trend(f, n, n == 0 ? 0 : y[0], n == 0 ? 0 : y[n - 1], min, max, slope, r2, rise, v);
    }

    /** {slope, R²} of the least-squares line through the points; R² is 0 when y does not vary (a flat line). */
    static double[] fit(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return new double[] { 0, 0 };
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0) {
            return new double[] { 0, 0 };
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 0 : sxy * sxy / (sxx * syy);
        return new double[] { slope, r2 };
    }
}
