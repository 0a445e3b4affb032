package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The value types of the configuration keys. */
final class ValueTypes {

    static final ValueType<String> STRING = scalar("a non-empty string", s -> s, s -> !s.isEmpty(), s -> s);
    static final ValueType<Boolean> BOOLEAN = scalar("true or false", ValueTypes::parseBoolean, b -> true,
            String::valueOf);
    static final ValueType<String> VIRTUAL_TOPIC_CONSUMER_PATTERN = scalar(
            "a queue name prefix with one '*' for the consumer group followed by a separator, like Consumer.*.",
            s -> s, s -> s.indexOf('*') >= 0 && s.indexOf('*') == s.lastIndexOf('*') && !s.endsWith("*"), s -> s);
    static final ValueType<String> DESTINATION_PREFIX = scalar("a prefix such as /queue/ (no spaces)",
            s -> s, s -> !s.isEmpty() && s.chars().noneMatch(Character::isWhitespace), s -> s);
    static final ValueType<Path> PATH = scalar("a path", Path::of, p -> !p.toString().isEmpty(), Path::toString);
    static final ValueType<Path> CONFIG_RELATIVE_PATH = new RelativePathType();
    static final ValueType<Integer> PORT = intRange(0, 65535, "a port 0-65535");
    static final ValueType<Integer> PERCENTAGE = intRange(0, 100, "a percentage 0-100");
    static final ValueType<Integer> NON_NEGATIVE_INT = intRange(0, Integer.MAX_VALUE, "a number >= 0");
    static final ValueType<Integer> UNLIMITED_OR_POSITIVE_INT = scalar("-1 (unlimited) or a number >= 1",
            ValueTypes::parseInt, i -> i == -1 || i >= 1, String::valueOf);
    static final ValueType<Duration> DURATION = scalar(
            "a duration such as 500us, 250ms, 10s, 5m, 1h or plain milliseconds",
            DurationText::parse, d -> true, DurationText::format);
    static final ValueType<Duration> POSITIVE_DURATION = scalar(
            "a duration > 0 such as 500us, 250ms, 10s, 5m, 1h or plain milliseconds",
            DurationText::parse, d -> !d.isZero(), DurationText::format);
    static final ValueType<Integer> INT_SIZE = scalar(
            "a size from 1 byte to 2GiB-1 such as 10MiB, 512KiB, 100MB or plain bytes",
            ValueTypes::parseIntSize, i -> i >= 1, i -> ByteSize.format(i));
    static final ValueType<Integer> JOURNAL_FILE_SIZE = scalar(
            "a size from 1KiB to 2GiB-1 such as 10MiB, 512KiB or plain bytes",
            ValueTypes::parseIntSize, i -> i >= 1024, i -> ByteSize.format(i));
    static final ValueType<Integer> MIN_FILES = intRange(2, Integer.MAX_VALUE, "a number >= 2");
    static final ValueType<Long> UNLIMITED_OR_POSITIVE_SIZE = scalar(
            "-1 (unlimited) or a size such as 10MiB, 1GiB, 100MB or plain bytes",
            ByteSize::parse, l -> l == -1 || l >= 1, ByteSize::format);
    static final ValueType<Double> MULTIPLIER = scalar("a number >= 1", Double::parseDouble,
            d -> Double.isFinite(d) && d >= 1, String::valueOf);
    static final ValueType<List<String>> NAMES = new NameListType();
    static final ValueType<Integer> POSITIVE_INT = intRange(1, Integer.MAX_VALUE, "a number >= 1");
    static final ValueType<Long> POSITIVE_LONG = scalar("a number >= 1", Long::parseLong, l -> l >= 1,
            String::valueOf);
    /** An MQTT two-byte integer that may not be 0: Receive Maximum, in-flight windows, topic lengths. */
    static final ValueType<Integer> UNSIGNED_SHORT = intRange(1, 65535, "a number 1-65535");
    static final ValueType<Integer> TOPIC_ALIAS_MAXIMUM = intRange(0, 65535, "a number 0-65535 (0 disables)");
    static final ValueType<Integer> PACKET_SIZE = scalar(
            "a size from 64 bytes to 2GiB-1 such as 1MiB, 256KiB or plain bytes",
            ValueTypes::parseIntSize, i -> i >= 64, i -> ByteSize.format(i));
    /** A duration the protocol carries in whole seconds (MQTT intervals). */
    static final ValueType<Duration> SECONDS = scalar(
            "a duration in whole seconds such as 30s, 12h or 7d",
            DurationText::parse, ValueTypes::wholeSeconds, DurationText::format);
    static final ValueType<Duration> KEEP_ALIVE = scalar(
            "a duration in whole seconds from 0 to 65535s such as 0 (the client's), 30s or 5m",
            DurationText::parse, d -> wholeSeconds(d) && d.getSeconds() <= 65535, DurationText::format);

    private ValueTypes() {}

    static <T> ValueType<T> scalar(
            String expected, Function<String, T> parse, Predicate<T> valid, Function<T, String> format) {
        return new ValueType<>(expected) {
            @Override
            T parse(String text) {
                return parse.apply(text);
            }

            @Override
            boolean valid(T value) {
                return valid.test(value);
            }

            @Override
            String format(T value) {
                return format.apply(value);
            }
        };
    }

    static ValueType<Integer> intRange(int min, int max, String expected) {
        return scalar(expected, ValueTypes::parseInt, i -> i >= min && i <= max, String::valueOf);
    }

    /**
     * An enum read by constant name, case-insensitive; {@code rejected} maps names that are recognised but not
     * supported to the reason given to the operator.
     */
    static <E extends Enum<E>> ValueType<E> enumType(Class<E> type, Map<String, String> rejected) {
        String names = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        return scalar("one of " + names, text -> {
            String upper = text.toUpperCase(Locale.ROOT);
            String reason = rejected.get(upper);
            if (reason != null) {
                throw new ValueType.Rejected(reason + "; expected one of " + names);
            }
            return Enum.valueOf(type, upper);
        }, e -> true, Enum::name);
    }

    /**
     * Checks an address pattern used as a map key: words separated by {@code .}, none empty, and the wildcards
     * {@code *} and {@code #} only as whole words.
     */
    static String requirePattern(String pattern, Site site) {
        if (pattern.isEmpty()) {
            throw site.error("empty address pattern in '" + site.path() + "'");
        }
        for (String word : pattern.split("\\.", -1)) {
            boolean wildcard = word.equals("*") || word.equals("#");
            if (word.isEmpty() || (!wildcard && (word.contains("*") || word.contains("#")))) {
                throw site.error("bad address pattern '" + pattern + "' (words separated by '.', none empty; "
                        + "'*' and '#' only as whole words)");
            }
        }
        return pattern;
    }

    private static boolean wholeSeconds(Duration d) {
        return d.getNano() == 0;
    }

    private static int parseIntSize(String s) {
        long bytes = ByteSize.parse(s);
        if (bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("too large: " + s);
        }
        return (int) bytes;
    }

    private static int parseInt(String s) {
        return Integer.parseInt(s);
    }

    private static boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(s);
    }

    /** A path; a relative path read from a file resolves against the file's directory. */
    private static final class RelativePathType extends ValueType<Path> {
        RelativePathType() {
            super("a path (relative to the configuration file's directory)");
        }

        @Override
        Path parse(String text) {
            return Path.of(text);
        }

        @Override
        boolean valid(Path value) {
            return !value.toString().isEmpty();
        }

        @Override
        Path readText(String text, Site site) {
            Path p = super.readText(text, site);
            Path base = site.source().baseDir();
            return base == null || p.isAbsolute() ? p : base.resolve(p);
        }
    }

    /** A list of names (roles): a YAML list; as text, a YAML flow list or comma-separated names. */
    private static final class NameListType extends ValueType<List<String>> {
        NameListType() {
            super("a list of names such as [admin, guest]");
        }

        @Override
        List<String> parse(String text) {
            List<String> names = new ArrayList<>();
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    names.add(s.trim());
                }
            }
            return List.copyOf(names);
        }

        @Override
        boolean valid(List<String> value) {
            return value.stream().noneMatch(String::isEmpty);
        }

        @Override
        String format(List<String> value) {
            return "[" + String.join(", ", value) + "]";
        }

        @Override
        List<String> read(JsonNode node, Site site) {
            if (node == null || !node.isArray()) {
                throw site.error("expected " + expected() + " for '" + site.path() + "', got "
                        + (node == null || node.isNull() ? "no value" : Site.describe(node)));
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Site at = site.element(node, i);
                String name = at.scalar(node.get(i), "a name");
                if (name.isEmpty()) {
                    throw at.badValue(name, "expected a non-empty name");
                }
                names.add(name);
            }
            return List.copyOf(names);
        }

        @Override
        List<String> readText(String text, Site site) {
            if (text.trim().startsWith("[")) {
                YamlDocument flow = YamlDocument.parse(text, site.source().name());
                return read(flow.root(), site);
            }
            return super.readText(text, site);
        }
    }
}
