package io.ferrymq.transport.mqtt;

/**
 * The MQTT transport's options, with their defaults beside them. Validated on construction; immutable. A server
 * registers one as a transport service ({@code TransportServices.builder().add(MqttOptions.class, options)});
 * without one the transport uses {@link #DEFAULTS}.
 *
 * @param maxTopicAlias            the Topic Alias Maximum the server announces in CONNACK: how many aliases a v5
 *                                 client may use in its PUBLISHes (MQTT 5.0 §3.2.2.3.8); 0 refuses client aliases
 * @param defaultSessionExpirySeconds how long a 3.1.1 persistent session (clean session 0) lives without a
 *                                 connection before the broker deletes it with its queued messages; MQTT 3.1.1
 *                                 keeps them forever, which leaks for abandoned clients
 * @param maxSessionExpirySeconds  the cap on a v5 client's Session Expiry Interval (5.0 §3.2.2.3.2)
 * @param serverReceiveMaximum     how many inbound QoS 1/2 publishes a client may have unacknowledged (the v5
 *                                 Receive Maximum the server announces, 5.0 §3.2.2.3.3)
 * @param outboundWindow           the most outbound QoS 1/2 publishes in flight to a client, capped by the client's
 *                                 own Receive Maximum; it is the engine consumer's credit
 * @param maxTopicLength           the longest topic name or filter accepted, in characters
 * @param maxTopicLevels           the most levels a topic name or filter may have
 * @param maxPacketSize            the largest packet accepted, capped by the server's frame size limit
 * @param serverKeepAliveSeconds   when positive, the v5 Server Keep Alive the server imposes (5.0 §3.2.2.3.14);
 *                                 0 keeps the client's value
 * @param maxQueuedMessages        the most messages a persistent session's subscription holds while its client is
 *                                 away (or slow); newer messages are dropped for that session while it is full, as
 *                                 Mosquitto's max_queued_messages and HiveMQ's default overflow strategy do
 * @param maxOutboundTopicAlias    how many topic aliases the server uses in its PUBLISHes to a v5 client, capped by
 *                                 the client's own Topic Alias Maximum (5.0 §3.1.2.11.5, §3.3.2.3.4); 0 (the default)
 *                                 sends none. Off by default because Eclipse Paho Java v5 (1.2.5) resolves received
 *                                 aliases wrongly and hands the application an empty topic (paho.mqtt.java #866)
 */
public record MqttOptions(
        int maxTopicAlias,
        long defaultSessionExpirySeconds,
        long maxSessionExpirySeconds,
        int serverReceiveMaximum,
        int outboundWindow,
        int maxTopicLength,
        int maxTopicLevels,
        int maxPacketSize,
        int serverKeepAliveSeconds,
        long maxQueuedMessages,
        int maxOutboundTopicAlias) {

    /** 16 aliases per direction. */
    public static final int DEFAULT_MAX_TOPIC_ALIAS = 16;
    /** 7 days. */
    public static final long DEFAULT_SESSION_EXPIRY_SECONDS = 7L * 24 * 3600;
    /** 30 days. */
    public static final long DEFAULT_MAX_SESSION_EXPIRY_SECONDS = 30L * 24 * 3600;
    /** As Mosquitto's max_inflight_messages default in spirit: enough for throughput, bounded. */
    public static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = 1024;
    /** The outbound in-flight window per connection. */
    public static final int DEFAULT_OUTBOUND_WINDOW = 1024;
    /** 64 KiB topic names (the MQTT UTF-8 string limit). */
    public static final int DEFAULT_MAX_TOPIC_LENGTH = 65535;
    /** 64 levels, like RabbitMQ's topic depth guard. */
    public static final int DEFAULT_MAX_TOPIC_LEVELS = 64;
    /** 1 MiB packets (MQTT allows 256 MiB; brokers cap far below). */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1024 * 1024;
    /** Keep the client's keep alive. */
    public static final int DEFAULT_SERVER_KEEP_ALIVE_SECONDS = 0;

    /** Messages kept per persistent-session subscription. */
    public static final long DEFAULT_MAX_QUEUED_MESSAGES = 100_000;

    /** No outbound topic aliases (see {@link #maxOutboundTopicAlias()}). */
    public static final int DEFAULT_MAX_OUTBOUND_TOPIC_ALIAS = 0;

    /** Every {@code DEFAULT_*} value. */
    public static final MqttOptions DEFAULTS = new MqttOptions(DEFAULT_MAX_TOPIC_ALIAS, DEFAULT_SESSION_EXPIRY_SECONDS,
            DEFAULT_MAX_SESSION_EXPIRY_SECONDS, DEFAULT_SERVER_RECEIVE_MAXIMUM, DEFAULT_OUTBOUND_WINDOW,
            DEFAULT_MAX_TOPIC_LENGTH, DEFAULT_MAX_TOPIC_LEVELS, DEFAULT_MAX_PACKET_SIZE,
            DEFAULT_SERVER_KEEP_ALIVE_SECONDS, DEFAULT_MAX_QUEUED_MESSAGES, DEFAULT_MAX_OUTBOUND_TOPIC_ALIAS);

    /**
     * @throws IllegalArgumentException naming the first invalid option
     */
    public MqttOptions {
        check(maxTopicAlias >= 0 && maxTopicAlias <= 65535, "maxTopicAlias must be 0..65535: " + maxTopicAlias);
        check(defaultSessionExpirySeconds >= 0, "defaultSessionExpirySeconds must be >= 0");
        check(maxSessionExpirySeconds >= 0, "maxSessionExpirySeconds must be >= 0");
        check(serverReceiveMaximum >= 1 && serverReceiveMaximum <= 65535, "serverReceiveMaximum must be 1..65535");
        check(outboundWindow >= 1 && outboundWindow <= 65535, "outboundWindow must be 1..65535");
        check(maxTopicLength >= 1 && maxTopicLength <= 65535, "maxTopicLength must be 1..65535");
        check(maxTopicLevels >= 1, "maxTopicLevels must be positive");
        check(maxPacketSize >= 64, "maxPacketSize must be at least 64 bytes");
        check(serverKeepAliveSeconds >= 0 && serverKeepAliveSeconds <= 65535,
                "serverKeepAliveSeconds must be 0..65535");
        check(maxQueuedMessages >= 1, "maxQueuedMessages must be positive");
        check(maxOutboundTopicAlias >= 0 && maxOutboundTopicAlias <= 65535, "maxOutboundTopicAlias must be 0..65535");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A copy with another {@link #maxTopicAlias()}. */
    public MqttOptions withMaxTopicAlias(int value) {
        return new MqttOptions(value, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #defaultSessionExpirySeconds()}. */
    public MqttOptions withDefaultSessionExpirySeconds(long value) {
        return new MqttOptions(maxTopicAlias, value, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #maxSessionExpirySeconds()}. */
    public MqttOptions withMaxSessionExpirySeconds(long value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, value,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #serverReceiveMaximum()}. */
    public MqttOptions withServerReceiveMaximum(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                value, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #outboundWindow()}. */
    public MqttOptions withOutboundWindow(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, value, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #maxTopicLength()}. */
    public MqttOptions withMaxTopicLength(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, value, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #maxTopicLevels()}. */
    public MqttOptions withMaxTopicLevels(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, value, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #maxPacketSize()}. */
    public MqttOptions withMaxPacketSize(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, value,
                serverKeepAliveSeconds, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #serverKeepAliveSeconds()}. */
    public MqttOptions withServerKeepAliveSeconds(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                value, maxQueuedMessages, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #maxQueuedMessages()}. */
    public MqttOptions withMaxQueuedMessages(long value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, value, maxOutboundTopicAlias);
    }

    /** A copy with another {@link #maxOutboundTopicAlias()}. */
    public MqttOptions withMaxOutboundTopicAlias(int value) {
        return new MqttOptions(maxTopicAlias, defaultSessionExpirySeconds, maxSessionExpirySeconds,
                serverReceiveMaximum, outboundWindow, maxTopicLength, maxTopicLevels, maxPacketSize,
                serverKeepAliveSeconds, maxQueuedMessages, value);
    }
}
