package io.ociplane.run.soak;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

import org.junit.Test;

/** The soak's verdict on a figure's series (docs/soak.md#verdict). */
public class TrendTest {

    /** 25 samples 5 s apart, as a two-minute run takes them; {@code figure} gives each sample's value. */
    private static List<Sample> series(Figure f, IntToDoubleFunction value) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            double[] v = new double[Figure.values().length];
            v[f.ordinal()] = value.applyAsDouble(i);
            out.add(new Sample(i * 5, v, i, i));
        }
        return out;
    }

    @Test
    public void aLineIsFittedExactly() {
        double[] fit = Trend.fit(new double[] { 0, 1, 2, 3 }, new double[] { 1, 3, 5, 7 });
        assertEquals(2, fit[0], 1e-9);
        assertEquals(1, fit[1], 1e-9);
    }

    @Test
    public void aConstantFigureIsFlat() {
        Trend t = Trend.of(Figure.WORKSPACES, series(Figure.WORKSPACES, i -> 0), 0.2);
        assertEquals(Trend.Verdict.FLAT, t.verdict());
        assertEquals(0, t.r2(), 0);
        assertEquals(20, t.points());
        assertFalse(t.failed());
    }

    @Test
    public void aWorkspaceLeftEveryFewSamplesGrows() {
        Trend t = Trend.of(Figure.WORKSPACES, series(Figure.WORKSPACES, i -> i / 4), 0.2);
        assertEquals(Trend.Verdict.GROWS, t.verdict());
        assertTrue(t.failed());
        assertEquals("5 workspaces over 95 s, per hour", 5.0 / 95 * 3600, t.slopePerHour(), 40);
    }

    @Test
    public void growthDuringTheWarmUpIsLeftOut() {
        // RSS climbs 30 MB in the first 20 % of the run, then wobbles by 2 MB around a level
        Trend t = Trend.of(Figure.RSS, series(Figure.RSS, i -> i < 5 ? 90 + 6 * i : 120 + (i % 2) * 2), 0.2);
        assertFalse(t.verdict().toString(), t.failed());
    }

    @Test
    public void aClimbShortOfTheToleranceIsReportedButDoesNotFail() {
        Trend t = Trend.of(Figure.RSS, series(Figure.RSS, i -> 100 + 0.2 * i), 0.2);
        assertEquals(Trend.Verdict.RISES_WITHIN_TOLERANCE, t.verdict());
        assertFalse(t.failed());
    }

    @Test
    public void aSteadyHeapClimbFails() {
        Trend t = Trend.of(Figure.HEAP, series(Figure.HEAP, i -> 8 + 0.25 * i + (i % 3) * 0.3), 0.2);
        assertEquals(Trend.Verdict.GROWS, t.verdict());
    }

    @Test
    public void noiseWithoutATrendIsFlat() {
        Trend t = Trend.of(Figure.THREADS, series(Figure.THREADS, i -> 70 + (i * 7 % 5) * 3), 0.2);
        assertEquals(Trend.Verdict.FLAT, t.verdict());
    }

    @Test
    public void aFigureThatCouldNotBeReadFails() {
        Trend t = Trend.of(Figure.HEAP, series(Figure.HEAP, i -> i == 12 ? -1 : 8), 0.2);
        assertEquals(Trend.Verdict.UNREAD, t.verdict());
        assertTrue(t.failed());
    }
}
