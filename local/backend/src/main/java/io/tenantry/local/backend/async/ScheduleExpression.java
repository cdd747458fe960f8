package io.tenantry.local.backend.async;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(5 minutes)}, {@code cron(0 2 * * ? *)} (minutes, hours,
 * day-of-month, month, day-of-week, year; {@code *}, {@code ?}, lists, ranges, {@code /} steps, month and day names,
 * {@code L} for the last day of the month, {@code nL} and {@code n#k} for days of the week) or {@code at(...)}, the
 * one-off form of EventBridge Scheduler. {@link #next} gives the next time after an instant, in a time zone.
 */
public sealed interface ScheduleExpression {

    /** The first firing strictly after {@code after}; empty when there is none (a past {@code at}). */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    static ScheduleExpression parse(String expression) {
        String text = expression == null ? "" : expression.strip();
        Matcher rate = RATE.matcher(text);
        if (rate.matches()) {
            long value = Long.parseLong(rate.group(1));
            String unit = rate.group(2).toLowerCase(Locale.ROOT);
            if (value <= 0) {
                throw new IllegalArgumentException("rate() needs a positive value: " + expression);
            }
            Duration period = switch (unit.replaceAll("s$", "")) {
                case "minute" -> Duration.ofMinutes(value);
                case "hour" -> Duration.ofHours(value);
                case "day" -> Duration.ofDays(value);
                default -> throw new IllegalArgumentException("Unknown rate unit in " + expression);
            };
            return new Rate(period);
        }
        Matcher at = AT.matcher(text);
        if (at.matches()) {
            return new At(LocalDateTime.parse(at.group(1)));
        }
        Matcher cron = CRON.matcher(text);
        if (cron.matches()) {
            return Cron.parse(cron.group(1), expression);
        }
        throw new IllegalArgumentException(
                "Not a schedule expression (rate(...), cron(...) or at(...)): " + expression);
    }

    Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+(minutes?|hours?|days?)\\s*\\)", Pattern.CASE_INSENSITIVE);
    Pattern AT = Pattern.compile("at\\(\\s*(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\s*\\)");
    Pattern CRON = Pattern.compile("cron\\((.*)\\)");

    /** Every {@code period}, counted from when the schedule starts (as a new EventBridge rule does). */
    record Rate(Duration period) implements ScheduleExpression {
        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            return Optional.of(after.plus(period));
        }
    }

    /** Once, at a local date and time in the schedule's time zone. */
    record At(LocalDateTime when) implements ScheduleExpression {
        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            ZonedDateTime at = when.atZone(after.getZone());
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    /** A six-field EventBridge cron expression. */
    record Cron(BitSet minutes, BitSet hours, DayOfMonth days, BitSet months, DayOfWeekField weekdays, BitSet years)
            implements ScheduleExpression {

        private static final Map<String, Integer> MONTHS = Map.ofEntries(
                Map.entry("JAN", 1),
                Map.entry("FEB", 2),
                Map.entry("MAR", 3),
                Map.entry("APR", 4),
                Map.entry("MAY", 5),
                Map.entry("JUN", 6),
                Map.entry("JUL", 7),
                Map.entry("AUG", 8),
                Map.entry("SEP", 9),
                Map.entry("OCT", 10),
                Map.entry("NOV", 11),
                Map.entry("DEC", 12));
        private static final Map<String, Integer> DAYS =
                Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6, "SAT", 7);
        private static final int MAX_YEARS_AHEAD = 200;

        static Cron parse(String body, String expression) {
            String[] fields = body.strip().split("\\s+");
            if (fields.length != 6) {
                throw new IllegalArgumentException(
                        "cron() takes six fields (minutes hours day-of-month month day-of-week year): " + expression);
            }
            boolean dayOfMonthAny = fields[2].equals("?");
            boolean dayOfWeekAny = fields[4].equals("?");
            if (dayOfMonthAny == dayOfWeekAny) {
                throw new IllegalArgumentException(
                        "cron() needs '?' in exactly one of day-of-month and day-of-week: " + expression);
            }
            return new Cron(
                    field(fields[0], 0, 59, Map.of(), expression),
                    field(fields[1], 0, 23, Map.of(), expression),
                    dayOfMonthAny ? DayOfMonth.ANY : DayOfMonth.parse(fields[2], expression),
                    field(fields[3], 1, 12, MONTHS, expression),
                    dayOfWeekAny ? DayOfWeekField.ANY : DayOfWeekField.parse(fields[4], expression),
                    field(fields[5], 1970, 2199, Map.of(), expression));
        }

        @Override
        public Optional<ZonedDateTime> next(ZonedDateTime after) {
            ZoneId zone = after.getZone();
            LocalDateTime start =
                    after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            LocalDate date = start.toLocalDate();
            LocalDate last = date.plusYears(MAX_YEARS_AHEAD);
            while (!date.isAfter(last)) {
                if (!years.get(date.getYear())) {
                    int nextYear = years.nextSetBit(date.getYear() + 1);
                    if (nextYear < 0) {
                        return Optional.empty();
                    }
                    date = LocalDate.of(nextYear, 1, 1);
                    continue;
                }
                if (!months.get(date.getMonthValue())) {
                    date = date.withDayOfMonth(1).plusMonths(1);
                    continue;
                }
                if (days.matches(date) && weekdays.matches(date)) {
                    int fromMinute = date.equals(start.toLocalDate()) ? start.getHour() * 60 + start.getMinute() : 0;
                    for (int minuteOfDay = fromMinute; minuteOfDay < 24 * 60; minuteOfDay++) {
                        if (hours.get(minuteOfDay / 60) && minutes.get(minuteOfDay % 60)) {
                            ZonedDateTime candidate = date.atTime(minuteOfDay / 60, minuteOfDay % 60)
                                    .atZone(zone);
                            if (candidate.isAfter(after)) {
                                return Optional.of(candidate);
                            }
                        }
                    }
                }
                date = date.plusDays(1);
            }
            return Optional.empty();
        }

        private static BitSet field(String text, int min, int max, Map<String, Integer> names, String expression) {
            BitSet set = new BitSet(max + 1);
            for (String part : text.split(",")) {
                String range = part;
                int step = 1;
                int slash = part.indexOf('/');
                if (slash >= 0) {
                    range = part.substring(0, slash);
                    step = Integer.parseInt(part.substring(slash + 1));
                    if (step <= 0) {
                        throw new IllegalArgumentException("A step must be positive in " + expression);
                    }
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.contains("-")) {
                    String[] bounds = range.split("-", 2);
                    from = value(bounds[0], names, expression);
                    to = value(bounds[1], names, expression);
                } else {
                    from = value(range, names, expression);
                    to = slash >= 0 ? max : from;
                }
                if (from < min || to > max || from > to) {
                    throw new IllegalArgumentException(
                            "'" + part + "' is outside " + min + "-" + max + " in " + expression);
                }
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            }
            return set;
        }

        private static int value(String text, Map<String, Integer> names, String expression) {
            Integer named = names.get(text.toUpperCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a value in " + expression);
            }
        }

        /** The day-of-month field: values, or {@code L} (the last day). */
        record DayOfMonth(BitSet days, boolean last, boolean any) {
            static final DayOfMonth ANY = new DayOfMonth(new BitSet(), false, true);

            static DayOfMonth parse(String text, String expression) {
                if (text.equals("L")) {
                    return new DayOfMonth(new BitSet(), true, false);
                }
                if (text.contains("W")) {
                    throw new IllegalArgumentException("'W' (nearest weekday) is not supported locally: " + expression);
                }
                return new DayOfMonth(field(text, 1, 31, Map.of(), expression), false, false);
            }

            boolean matches(LocalDate date) {
                if (any) {
                    return true;
                }
                if (last) {
                    return date.getDayOfMonth() == date.lengthOfMonth();
                }
                return days.get(date.getDayOfMonth());
            }
        }

        /** The day-of-week field (1 = Sunday … 7 = Saturday): values, {@code nL} (the last n) or {@code n#k}. */
        record DayOfWeekField(BitSet days, int lastOf, int nth, int nthDay, boolean any) {
            static final DayOfWeekField ANY = new DayOfWeekField(new BitSet(), 0, 0, 0, true);

            static DayOfWeekField parse(String text, String expression) {
                if (text.endsWith("L") && text.length() > 1) {
                    return new DayOfWeekField(
                            new BitSet(), value(text.substring(0, text.length() - 1), DAYS, expression), 0, 0, false);
                }
                if (text.contains("#")) {
                    String[] parts = text.split("#", 2);
                    return new DayOfWeekField(
                            new BitSet(), 0, Integer.parseInt(parts[1]), value(parts[0], DAYS, expression), false);
                }
                return new DayOfWeekField(field(text, 1, 7, DAYS, expression), 0, 0, 0, false);
            }

            boolean matches(LocalDate date) {
                if (any) {
                    return true;
                }
                int day = date.getDayOfWeek().getValue() % 7 + 1; // Sunday = 1
                if (lastOf > 0) {
                    LocalDate lastSuch = date.with(TemporalAdjusters.lastInMonth(toDayOfWeek(lastOf)));
                    return date.equals(lastSuch);
                }
                if (nth > 0) {
                    return day == nthDay && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
                }
                return days.get(day);
            }

            private static DayOfWeek toDayOfWeek(int eventBridgeDay) {
                return DayOfWeek.of((eventBridgeDay + 5) % 7 + 1);
            }
        }
    }
}
