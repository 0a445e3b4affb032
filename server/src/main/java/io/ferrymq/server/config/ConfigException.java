package io.ferrymq.server.config;

/**
 * A configuration that cannot be used: a missing or unreadable file, a YAML syntax error, an unknown key or
 * variable, a value of the wrong type or out of range. The message is meant for the operator as is:
 * {@code <source>[:<line>]: <detail>}, for example
 * {@code ferry.yaml:7: unknown key 'listeners.mqtt.prot' (known: port, host)} or
 * {@code environment FERRY_LISTENERS_MQTT_PORT: bad value 'abc' for 'listeners.mqtt.port' (expected a port 0-65535)}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String key;
    private final String detail;

    /**
     * @param source where the bad setting comes from: a file path, {@code environment FERRY_X} or {@code command line}
     * @param line the 1-based line in the file, or 0 when unknown
     * @param key the full key path, or null when the error is not about one key
     * @param detail what is wrong
     */
    public ConfigException(String source, int line, String key, String detail) {
        super(format(source, line, detail));
        this.source = source;
        this.line = line;
        this.key = key;
        this.detail = detail;
    }

    /** Like {@link #ConfigException(String, int, String, String)}, with the underlying failure. */
    public ConfigException(String source, int line, String key, String detail, Throwable cause) {
        this(source, line, key, detail);
        initCause(cause);
    }

    /** The file path, {@code environment FERRY_X} or {@code command line}. */
    public String source() {
        return source;
    }

    /** The 1-based line in the file, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The full key path ({@code listeners.mqtt.port}), or null when the error is not about one key. */
    public String key() {
        return key;
    }

    /** The message without its source and line. */
    public String detail() {
        return detail;
    }

    private static String format(String source, int line, String detail) {
        return source + (line > 0 ? ":" + line : "") + ": " + detail;
    }
}
