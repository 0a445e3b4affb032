package io.ferrymq.server.config;

import java.util.Locale;

/**
 * One configuration key: its path in the YAML file, its type, its default and what it means. The environment
 * variable is derived from the path: {@code FERRY_} followed by the path in upper snake case, dots and camelCase
 * word boundaries both becoming {@code _} ({@code listeners.mqtt.port} -> {@code FERRY_LISTENERS_MQTT_PORT}).
 *
 * @param path the full key path ({@code limits.maxConnections})
 * @param type how the value is read and checked
 * @param defaultValue the value when nothing sets it; null for optional keys that are absent by default
 * @param description one line for the reference and the example file
 * @param <T> the Java type of the value
 */
record ConfigKey<T>(String path, ValueType<T> type, T defaultValue, String description) {

    /** The prefix of every FerryMQ environment variable. */
    static final String ENV_PREFIX = "FERRY_";

    /** The environment variable that sets this key. */
    String envVar() {
        return envVar(path);
    }

    /** The default as the reference shows it; empty for an absent optional key. */
    String defaultText() {
        return defaultValue == null ? "" : type.format(defaultValue);
    }

    /** {@code FERRY_} + {@code path} in upper snake case. */
    static String envVar(String path) {
        StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.') {
                sb.append('_');
            } else if (Character.isUpperCase(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }
}
