package io.ferrymq.addressing.api;

import java.util.Map;
import java.util.UUID;

/**
 * The value types a message property, map body entry or list body element may hold: {@code null},
 * {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer}, {@link Long}, {@link Float}, {@link Double},
 * {@link Character}, {@link String}, {@code byte[]} and {@link UUID}. These are the JMS property types plus the
 * AMQP simple types a JMS mapping needs.
 */
public final class PropertyValues {

    private PropertyValues() {}

    /**
     * Checks that {@code value} is an allowed type and returns it, copying byte arrays.
     *
     * @throws IllegalArgumentException naming {@code name} when the type is not allowed
     */
    public static Object check(String name, Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Boolean
                || value instanceof Double
                || value instanceof Float
                || value instanceof Short
                || value instanceof Byte
                || value instanceof Character
                || value instanceof UUID) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw new IllegalArgumentException(
                "property '" + name + "' has unsupported type " + value.getClass().getName());
    }

    /** An estimate of the heap a value holds. */
    public static int estimate(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return 40 + 2 * s.length();
        }
        if (value instanceof byte[] b) {
            return 16 + b.length;
        }
        return 16;
    }

    /** An estimate of the heap a map of values holds. */
    public static int estimateMap(Map<String, Object> map) {
        int size = 48;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            size += 32 + estimate(e.getKey()) + estimate(e.getValue());
        }
        return size;
    }
}
