package io.ferrymq.transport.mqtt;

/**
 * Maps MQTT topic names and filters onto the engine's canonical addresses and back (docs/address-model.md).
 *
 * <p>Levels separated by {@code /} become words separated by {@code .} (ActiveMQ's convention: MQTT {@code a/b/c}
 * is the JMS topic {@code a.b.c}); {@code +} becomes {@code *} and {@code #} stays {@code #}. Inside a level, the
 * characters the canonical syntax reserves are percent-escaped so that every MQTT topic round-trips unchanged:
 * {@code %} as {@code %25}, {@code .} as {@code %2E}, {@code *} as {@code %2A}, {@code #} as {@code %23}, and a
 * {@code :} next to another {@code :} (the canonical {@code address::queue} separator) as {@code %3A}. Decoding
 * turns exactly those five sequences back; any other {@code %} is kept as it is, so addresses made by other
 * protocols map onto MQTT topics readably. Stateless; thread safe.
 */
public final class TopicNames {

    private TopicNames() {
    }

    /** The canonical address of an MQTT topic name or filter ({@code +}/{@code #} become wildcards). */
    public static String toAddress(String topic) {
        StringBuilder out = new StringBuilder(topic.length() + 8);
        int start = 0;
        while (true) {
            int slash = topic.indexOf('/', start);
            String level = slash < 0 ? topic.substring(start) : topic.substring(start, slash);
            if (level.equals("+")) {
                out.append('*');
            } else if (level.equals("#")) {
                out.append('#');
            } else {
                escapeLevel(level, out);
            }
            if (slash < 0) {
                return out.toString();
            }
            out.append('.');
            start = slash + 1;
        }
    }

    /** The MQTT topic name of a canonical address (the inverse of {@link #toAddress} for topic names). */
    public static String toTopic(String address) {
        StringBuilder out = new StringBuilder(address.length());
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == '.') {
                out.append('/');
            } else if (c == '%' && i + 2 < address.length()) {
                char decoded = decode(address.charAt(i + 1), address.charAt(i + 2));
                if (decoded != 0) {
                    out.append(decoded);
                    i += 2;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void escapeLevel(String level, StringBuilder out) {
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '.' -> out.append("%2E");
                case '*' -> out.append("%2A");
                case '#' -> out.append("%23");
                case ':' -> {
                    boolean adjacent = (i > 0 && level.charAt(i - 1) == ':')
                            || (i + 1 < level.length() && level.charAt(i + 1) == ':');
                    out.append(adjacent ? "%3A" : ":");
                }
                default -> out.append(c);
            }
        }
    }

    private static char decode(char a, char b) {
        if (a == '2') {
            return switch (b) {
                case '5' -> '%';
                case 'E' -> '.';
                case 'A' -> '*';
                case '3' -> '#';
                default -> 0;
            };
        }
        return a == '3' && b == 'A' ? ':' : 0;
    }

    /**
     * Whether {@code topic} is a valid topic name for PUBLISH (MQTT 3.1.1 §4.7.3, 5.0 §4.7.3): not empty, no
     * wildcard characters, no NUL, within the limits.
     */
    public static boolean isValidTopicName(String topic, int maxLength, int maxLevels) {
        if (topic.isEmpty() || topic.length() > maxLength) {
            return false;
        }
        int levels = 1;
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == 0) {
                return false;
            }
            if (c == '/') {
                levels++;
            }
        }
        return levels <= maxLevels;
    }

    /**
     * Whether {@code filter} is a valid topic filter (MQTT 3.1.1 §4.7.1, 5.0 §4.7.1): {@code +} and {@code #} only as
     * whole levels, {@code #} only last.
     */
    public static boolean isValidTopicFilter(String filter, int maxLength, int maxLevels) {
        if (filter.isEmpty() || filter.length() > maxLength || filter.indexOf(0) >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        if (levels.length > maxLevels) {
            return false;
        }
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                if (i != levels.length - 1) {
                    return false;
                }
            } else if (!level.equals("+") && (level.indexOf('+') >= 0 || level.indexOf('#') >= 0)) {
                return false;
            }
        }
        return true;
    }
}
