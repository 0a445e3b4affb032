package io.ferrymq.transport.openwire;

import java.util.Objects;

/**
 * Options of the OpenWire transport, validated when built. Supplied to the listener as a transport service
 * ({@code TransportServices.builder().add(OpenWireOptions.class, options)}); {@link #DEFAULTS} otherwise.
 *
 * <p>Virtual topics (ActiveMQ Classic's VirtualDestinationInterceptor defaults): a message published to a topic whose
 * name starts with {@code virtualTopicPrefix} reaches every queue named by {@code virtualTopicConsumerPattern} with the
 * group in place of {@code *} followed by the topic name ({@code Consumer.<group>.VirtualTopic.Orders}); consumers of
 * one such queue compete.
 *
 * @param virtualTopicsEnabled whether consumer queue names of the pattern are mapped onto their virtual topic
 * @param virtualTopicPrefix the topic name prefix that makes a topic virtual, e.g. {@code VirtualTopic.}
 * @param virtualTopicConsumerPattern the consumer queue prefix with one {@code *} standing for the group name (one
 *     word), e.g. {@code Consumer.*.}
 */
public record OpenWireOptions(boolean virtualTopicsEnabled, String virtualTopicPrefix,
        String virtualTopicConsumerPattern) {

    public static final boolean DEFAULT_VIRTUAL_TOPICS_ENABLED = true;
    public static final String DEFAULT_VIRTUAL_TOPIC_PREFIX = "VirtualTopic.";
    public static final String DEFAULT_VIRTUAL_TOPIC_CONSUMER_PATTERN = "Consumer.*.";

    public static final OpenWireOptions DEFAULTS = new OpenWireOptions(DEFAULT_VIRTUAL_TOPICS_ENABLED,
            DEFAULT_VIRTUAL_TOPIC_PREFIX, DEFAULT_VIRTUAL_TOPIC_CONSUMER_PATTERN);

    public OpenWireOptions {
        Objects.requireNonNull(virtualTopicPrefix, "virtualTopicPrefix");
        Objects.requireNonNull(virtualTopicConsumerPattern, "virtualTopicConsumerPattern");
        if (virtualTopicPrefix.isEmpty()) {
            throw new IllegalArgumentException("virtualTopicPrefix must not be empty");
        }
        int star = virtualTopicConsumerPattern.indexOf('*');
        if (star < 0 || virtualTopicConsumerPattern.indexOf('*', star + 1) >= 0
                || star == virtualTopicConsumerPattern.length() - 1) {
            throw new IllegalArgumentException("virtualTopicConsumerPattern must hold one '*' (the group) followed by"
                    + " a separator, like 'Consumer.*.': " + virtualTopicConsumerPattern);
        }
    }

    /** These options with virtual topics named by another prefix and consumer queue pattern. */
    public OpenWireOptions withVirtualTopics(String prefix, String consumerPattern) {
        return new OpenWireOptions(true, prefix, consumerPattern);
    }
}
