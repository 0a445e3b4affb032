package io.ferrymq.server.config;

import io.ferrymq.transport.mqtt.MqttOptions;
import java.time.Duration;

/**
 * The MQTT transport's operator settings (the {@code mqtt:} section). The defaults are the transport's own
 * ({@code MqttOptions.DEFAULT_*}); the server turns this into {@code MqttOptions}. The ranges are those
 * {@code MqttOptions} accepts, so a value that loads is one the transport takes.
 *
 * @param maxTopicAlias the Topic Alias Maximum announced in CONNACK: how many aliases a v5 client may use in its
 *     PUBLISHes (MQTT 5.0 §3.2.2.3.8); 0 refuses client aliases
 * @param defaultSessionExpiry how long a 3.1.1 persistent session (clean session 0) lives without a connection
 *     before it is deleted with its queued messages; whole seconds
 * @param maxSessionExpiry the cap on a v5 client's Session Expiry Interval (5.0 §3.2.2.3.2); whole seconds
 * @param serverReceiveMaximum inbound QoS 1/2 publishes a client may have unacknowledged (5.0 §3.2.2.3.3)
 * @param outboundWindow outbound QoS 1/2 publishes in flight to one client, capped by the client's Receive Maximum
 * @param maxTopicLength the longest topic name or filter accepted, in characters
 * @param maxTopicLevels the most levels a topic name or filter may have
 * @param maxPacketSize the largest MQTT packet accepted, in bytes; {@code limits.maxFrameSize} caps it
 * @param serverKeepAlive the v5 Server Keep Alive imposed on clients (5.0 §3.2.2.3.14); 0 keeps the client's value;
 *     whole seconds
 * @param maxQueuedMessages messages a persistent session's subscription holds while its client is away or slow;
 *     newer messages are dropped for that session while it is full
 * @param maxOutboundTopicAlias topic aliases the broker uses towards a v5 client (never more than the client
 *     allows); 0, the default, sends none, because Paho's Java v5 client 1.2.5 misreads them
 */
public record MqttConfig(
        int maxTopicAlias,
        Duration defaultSessionExpiry,
        Duration maxSessionExpiry,
        int serverReceiveMaximum,
        int outboundWindow,
        int maxTopicLength,
        int maxTopicLevels,
        int maxPacketSize,
        Duration serverKeepAlive,
        long maxQueuedMessages,
        int maxOutboundTopicAlias) {

    public static final int DEFAULT_MAX_TOPIC_ALIAS = MqttOptions.DEFAULT_MAX_TOPIC_ALIAS;
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofSeconds(MqttOptions.DEFAULT_SESSION_EXPIRY_SECONDS);
    public static final Duration DEFAULT_MAX_SESSION_EXPIRY =
            Duration.ofSeconds(MqttOptions.DEFAULT_MAX_SESSION_EXPIRY_SECONDS);
    public static final int DEFAULT_SERVER_RECEIVE_MAXIMUM = MqttOptions.DEFAULT_SERVER_RECEIVE_MAXIMUM;
    public static final int DEFAULT_OUTBOUND_WINDOW = MqttOptions.DEFAULT_OUTBOUND_WINDOW;
    public static final int DEFAULT_MAX_TOPIC_LENGTH = MqttOptions.DEFAULT_MAX_TOPIC_LENGTH;
    public static final int DEFAULT_MAX_TOPIC_LEVELS = MqttOptions.DEFAULT_MAX_TOPIC_LEVELS;
    public static final int DEFAULT_MAX_PACKET_SIZE = MqttOptions.DEFAULT_MAX_PACKET_SIZE;
    public static final Duration DEFAULT_SERVER_KEEP_ALIVE =
            Duration.ofSeconds(MqttOptions.DEFAULT_SERVER_KEEP_ALIVE_SECONDS);
    public static final long DEFAULT_MAX_QUEUED_MESSAGES = MqttOptions.DEFAULT_MAX_QUEUED_MESSAGES;
    public static final int DEFAULT_MAX_OUTBOUND_TOPIC_ALIAS = MqttOptions.DEFAULT_MAX_OUTBOUND_TOPIC_ALIAS;

    public static final MqttConfig DEFAULTS = new MqttConfig(DEFAULT_MAX_TOPIC_ALIAS, DEFAULT_SESSION_EXPIRY,
            DEFAULT_MAX_SESSION_EXPIRY, DEFAULT_SERVER_RECEIVE_MAXIMUM, DEFAULT_OUTBOUND_WINDOW,
            DEFAULT_MAX_TOPIC_LENGTH, DEFAULT_MAX_TOPIC_LEVELS, DEFAULT_MAX_PACKET_SIZE, DEFAULT_SERVER_KEEP_ALIVE,
            DEFAULT_MAX_QUEUED_MESSAGES, DEFAULT_MAX_OUTBOUND_TOPIC_ALIAS);

    public MqttConfig {
        ValueTypes.TOPIC_ALIAS_MAXIMUM.require("maxTopicAlias", maxTopicAlias);
        ValueTypes.SECONDS.require("defaultSessionExpiry", defaultSessionExpiry);
        ValueTypes.SECONDS.require("maxSessionExpiry", maxSessionExpiry);
        ValueTypes.UNSIGNED_SHORT.require("serverReceiveMaximum", serverReceiveMaximum);
        ValueTypes.UNSIGNED_SHORT.require("outboundWindow", outboundWindow);
        ValueTypes.UNSIGNED_SHORT.require("maxTopicLength", maxTopicLength);
        ValueTypes.POSITIVE_INT.require("maxTopicLevels", maxTopicLevels);
        ValueTypes.PACKET_SIZE.require("maxPacketSize", maxPacketSize);
        ValueTypes.KEEP_ALIVE.require("serverKeepAlive", serverKeepAlive);
        ValueTypes.POSITIVE_LONG.require("maxQueuedMessages", maxQueuedMessages);
        ValueTypes.TOPIC_ALIAS_MAXIMUM.require("maxOutboundTopicAlias", maxOutboundTopicAlias);
    }
}
