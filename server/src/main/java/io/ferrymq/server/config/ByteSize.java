package io.ferrymq.server.config;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of a size in bytes: a plain number of bytes ({@code 1048576}), or a number and a unit, decimal
 * ({@code KB}, {@code MB}, {@code GB}, {@code TB}: powers of 1000) or binary ({@code KiB}, {@code MiB}, {@code GiB},
 * {@code TiB}: powers of 1024); units are case-insensitive. Stateless and thread safe.
 */
public final class ByteSize {

    private static final Pattern SYNTAX = Pattern.compile("(-?\\d+)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L,
            "kb", 1000L, "mb", 1000L * 1000, "gb", 1000L * 1000 * 1000, "tb", 1000L * 1000 * 1000 * 1000,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40);
    private static final String[] BINARY = {"TiB", "GiB", "MiB", "KiB"};

    private ByteSize() {}

    /**
     * Parses a size. Negative values are only accepted without a unit (so {@code -1} can mean "unlimited"); the
     * caller checks the range.
     *
     * @throws IllegalArgumentException when the text is not a size or overflows a long
     */
    public static long parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        Long factor = UNITS.get(unit);
        if (factor == null) {
            throw new IllegalArgumentException("unknown unit '" + m.group(2) + "'");
        }
        try {
            long number = Long.parseLong(m.group(1));
            if (number < 0 && !unit.isEmpty()) {
                throw new IllegalArgumentException("a negative size takes no unit");
            }
            return Math.multiplyExact(number, factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("size too large: " + text, e);
        }
    }

    /** The shortest exact text for {@code bytes}: {@code 100MiB}, {@code 1000}, {@code -1}. */
    public static String format(long bytes) {
        if (bytes > 0) {
            for (int i = 0; i < BINARY.length; i++) {
                long factor = 1L << (10 * (BINARY.length - i));
                if (bytes % factor == 0) {
                    return bytes / factor + BINARY[i];
                }
            }
        }
        return Long.toString(bytes);
    }
}
