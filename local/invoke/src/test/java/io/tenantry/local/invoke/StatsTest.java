package io.tenantry.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void of_separatesTheFirstInvocation_fromTheWarmOnes() {
        Stats stats = Stats.of(new double[] {300, 5, 1, 3, 2, 4});

        assertEquals(6, stats.count());
        assertEquals(300, stats.firstMillis());
        assertEquals(3, stats.warmP50Millis());
        assertEquals(5, stats.warmP99Millis());
        assertEquals(5, stats.warmMaxMillis());
    }

    @Test
    void percentile_isNearestRank() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, Stats.percentile(sorted, 50));
        assertEquals(99, Stats.percentile(sorted, 99));
        assertEquals(7, Stats.percentile(new double[] {7}, 99));
    }

    @Test
    void of_hasNoWarmFigures_forOneInvocation() {
        Stats stats = Stats.of(new double[] {42});

        assertEquals(42, stats.firstMillis());
        assertTrue(Double.isNaN(stats.warmP50Millis()));
    }
}
