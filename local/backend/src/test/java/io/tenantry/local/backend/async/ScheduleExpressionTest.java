package io.tenantry.local.backend.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 11, 22, 10, 17, 30, 0, ZoneOffset.UTC);

    private static ZonedDateTime next(String expression, ZonedDateTime after) {
        return ScheduleExpression.parse(expression).next(after).orElseThrow();
    }

    @Test
    void rate_addsItsPeriod() {
        assertEquals(NOW.plusMinutes(5), next("rate(5 minutes)", NOW));
        assertEquals(NOW.plusHours(1), next("rate(1 hour)", NOW));
        assertEquals(NOW.plusDays(2), next("rate(2 days)", NOW));
    }

    @Test
    void cron_daily_atTwo() {
        assertEquals(ZonedDateTime.of(2026, 11, 23, 2, 0, 0, 0, ZoneOffset.UTC), next("cron(0 2 * * ? *)", NOW));
    }

    @Test
    void cron_stepsAndLists() {
        assertEquals(NOW.withMinute(30).withSecond(0), next("cron(0/15 * * * ? *)", NOW));
        assertEquals(NOW.withHour(12).withMinute(0).withSecond(0), next("cron(0 8,12,18 * * ? *)", NOW));
    }

    @Test
    void cron_weekdaysByName_andRanges() {
        // 2026-11-22 is a Sunday: the next MON-FRI 09:00 is Monday the 23rd.
        assertEquals(ZonedDateTime.of(2026, 11, 23, 9, 0, 0, 0, ZoneOffset.UTC), next("cron(0 9 ? * MON-FRI *)", NOW));
    }

    @Test
    void cron_lastDayOfMonth_andNthWeekday() {
        assertEquals(ZonedDateTime.of(2026, 11, 30, 0, 0, 0, 0, ZoneOffset.UTC), next("cron(0 0 L * ? *)", NOW));
        // The first Monday of December 2026 is the 7th.
        assertEquals(ZonedDateTime.of(2026, 12, 7, 6, 0, 0, 0, ZoneOffset.UTC), next("cron(0 6 ? 12 2#1 *)", NOW));
        // The last Friday of November 2026 is the 27th.
        assertEquals(ZonedDateTime.of(2026, 11, 27, 6, 0, 0, 0, ZoneOffset.UTC), next("cron(0 6 ? * 6L *)", NOW));
    }

    @Test
    void cron_inATimeZone() {
        ZonedDateTime paris = NOW.withZoneSameInstant(ZoneId.of("Europe/Paris"));
        ZonedDateTime fire = next("cron(0 2 * * ? *)", paris);
        assertEquals(2, fire.getHour());
        assertEquals(ZoneId.of("Europe/Paris"), fire.getZone());
    }

    @Test
    void cron_pastYears_neverFire() {
        assertTrue(ScheduleExpression.parse("cron(0 0 1 1 ? 2020)").next(NOW).isEmpty());
    }

    @Test
    void at_firesOnce() {
        assertEquals(ZonedDateTime.of(2026, 12, 1, 8, 0, 0, 0, ZoneOffset.UTC), next("at(2026-12-01T08:00:00)", NOW));
        assertTrue(ScheduleExpression.parse("at(2020-01-01T00:00:00)").next(NOW).isEmpty());
    }

    @Test
    void badExpressions_areRefused_withTheExpression() {
        for (String bad : new String[] {
            "rate(0 minutes)",
            "rate(5 weeks)",
            "cron(0 2 * * *)",
            "cron(0 2 * * 1 *)",
            "cron(61 2 * * ? *)",
            "every day"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.substring(0, 4)), e.getMessage());
        }
    }
}
