package io.ferrymq.server.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of configuration value is read, checked and written. A scalar type parses text, so a value reads
 * the same from a YAML scalar, an environment variable or a command-line override; a structured type (a list, a
 * map of address patterns) reads a YAML node and takes a YAML flow value as text. Immutable and thread safe.
 *
 * @param <T> the Java type of the value
 */
abstract class ValueType<T> {

    /** Thrown by {@link #parse} and {@link #check} with a reason that replaces "expected ...". */
    static final class Rejected extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason);
        }
    }

    private final String expected;

    ValueType(String expected) {
        this.expected = expected;
    }

    /** What a valid value looks like, for messages: {@code a port 0-65535}. */
    final String expected() {
        return expected;
    }

    /** Converts text; throws {@link IllegalArgumentException} when it is not a value of this type. */
    abstract T parse(String text);

    /** Whether a converted value is in range. */
    boolean valid(T value) {
        return true;
    }

    /** The text form of a value, as the example file and the reference show it. */
    String format(T value) {
        return String.valueOf(value);
    }

    /** Reads a YAML node at {@code site}. */
    T read(JsonNode node, Site site) {
        return readText(site.scalar(node, expected), site);
    }

    /** Reads the text of an environment variable or override, or a YAML scalar, at {@code site}. */
    T readText(String text, Site site) {
        T value;
        try {
            value = parse(text.trim());
        } catch (Rejected e) {
            throw site.badValue(text, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw site.badValue(text, "expected " + expected);
        }
        if (!valid(value)) {
            throw site.badValue(text, "expected " + expected);
        }
        return value;
    }

    /**
     * Checks a value set in code (a record constructor): returns it, or throws {@link IllegalArgumentException}
     * naming {@code name}.
     */
    final T require(String name, T value) {
        if (value == null || !valid(value)) {
            throw new IllegalArgumentException(
                    name + ": bad value " + (value == null ? "null" : "'" + format(value) + "'")
                            + " (expected " + expected + ")");
        }
        return value;
    }
}
