package io.ferrymq.server.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a duration: a number and a unit, {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 500us}, {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}), or a plain number of
 * milliseconds. Durations are never negative. Stateless and thread safe.
 */
public final class DurationText {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)?");
    private static final Map<String, ChronoUnit> UNITS = Map.of(
            "ns", ChronoUnit.NANOS, "us", ChronoUnit.MICROS, "ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS,
            "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS);
    private static final String[] ORDER = {"d", "h", "m", "s", "ms", "us"};

    private DurationText() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException when the text is not a duration or too large
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        try {
            long amount = Long.parseLong(m.group(1));
            ChronoUnit unit = m.group(2) == null ? ChronoUnit.MILLIS : UNITS.get(m.group(2));
            Duration d = Duration.of(amount, unit);
            d.toNanos(); // reject what cannot be used as nanoseconds
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration too large: " + text, e);
        }
    }

    /**
     * A short exact text for {@code duration}: {@code 500us}, {@code 10s}, {@code 5m}. Days, hours and minutes are
     * used from 2 on ({@code 60s}, not {@code 1m}).
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0";
        }
        for (String u : ORDER) {
            long unitNanos = UNITS.get(u).getDuration().toNanos();
            boolean small = u.equals("s") || u.equals("ms") || u.equals("us");
            if (nanos % unitNanos == 0 && (small || nanos / unitNanos >= 2)) {
                return nanos / unitNanos + u;
            }
        }
        return nanos + "ns";
    }
}
