package io.ferrymq.server.config;

import io.ferrymq.transport.openwire.OpenWireOptions;
import java.util.Objects;

/**
 * The OpenWire transport's operator settings (the {@code openwire:} section); defaults are the transport's own
 * ({@code OpenWireOptions.DEFAULT_*}), which are ActiveMQ Classic's.
 *
 * @param virtualTopics whether topics named with {@code virtualTopicPrefix} feed consumer-group queues
 * @param virtualTopicPrefix the prefix that makes a topic virtual ({@code VirtualTopic.})
 * @param virtualTopicConsumerPattern the consumer queue prefix, {@code *} standing for the group
 *     ({@code Consumer.*.}): queue {@code Consumer.A.VirtualTopic.Orders} reads topic {@code VirtualTopic.Orders}
 */
public record OpenWireConfig(boolean virtualTopics, String virtualTopicPrefix, String virtualTopicConsumerPattern) {

    public static final boolean DEFAULT_VIRTUAL_TOPICS = OpenWireOptions.DEFAULT_VIRTUAL_TOPICS_ENABLED;
    public static final String DEFAULT_VIRTUAL_TOPIC_PREFIX = OpenWireOptions.DEFAULT_VIRTUAL_TOPIC_PREFIX;
    public static final String DEFAULT_VIRTUAL_TOPIC_CONSUMER_PATTERN =
            OpenWireOptions.DEFAULT_VIRTUAL_TOPIC_CONSUMER_PATTERN;

    public static final OpenWireConfig DEFAULTS = new OpenWireConfig(DEFAULT_VIRTUAL_TOPICS,
            DEFAULT_VIRTUAL_TOPIC_PREFIX, DEFAULT_VIRTUAL_TOPIC_CONSUMER_PATTERN);

    public OpenWireConfig {
        Objects.requireNonNull(virtualTopicPrefix, "virtualTopicPrefix");
        Objects.requireNonNull(virtualTopicConsumerPattern, "virtualTopicConsumerPattern");
    }
}
