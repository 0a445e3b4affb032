package io.ferrymq.server.config;

import io.ferrymq.transport.stomp.StompOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The STOMP transport's operator settings (the {@code stomp:} section); defaults are the transport's own
 * ({@code StompOptions.DEFAULT_*}): ActiveMQ Classic's and RabbitMQ's destination names.
 *
 * @param queuePrefix destinations naming an anycast queue ({@code /queue/x})
 * @param topicPrefix destinations naming a multicast address ({@code /topic/x})
 * @param tempQueuePrefix the connection's own temporary queues ({@code /temp-queue/x})
 * @param tempTopicPrefix the connection's own temporary topics ({@code /temp-topic/x})
 * @param amqQueuePrefix RabbitMQ's existing-queue destinations ({@code /amq/queue/x})
 * @param exchangePrefix RabbitMQ's exchange destinations ({@code /exchange/x/key})
 * @param defaultPrefetch messages a subscription may have waiting for their ACK when it names no prefetch
 * @param maxHeaders the most headers in one frame
 * @param maxHeaderLength the longest command or header line, in bytes
 */
public record StompConfig(
        String queuePrefix,
        String topicPrefix,
        String tempQueuePrefix,
        String tempTopicPrefix,
        String amqQueuePrefix,
        String exchangePrefix,
        int defaultPrefetch,
        int maxHeaders,
        int maxHeaderLength) {

    public static final String DEFAULT_QUEUE_PREFIX = StompOptions.DEFAULT_QUEUE_PREFIX;
    public static final String DEFAULT_TOPIC_PREFIX = StompOptions.DEFAULT_TOPIC_PREFIX;
    public static final String DEFAULT_TEMP_QUEUE_PREFIX = StompOptions.DEFAULT_TEMP_QUEUE_PREFIX;
    public static final String DEFAULT_TEMP_TOPIC_PREFIX = StompOptions.DEFAULT_TEMP_TOPIC_PREFIX;
    public static final String DEFAULT_AMQ_QUEUE_PREFIX = StompOptions.DEFAULT_AMQ_QUEUE_PREFIX;
    public static final String DEFAULT_EXCHANGE_PREFIX = StompOptions.DEFAULT_EXCHANGE_PREFIX;
    public static final int DEFAULT_PREFETCH = StompOptions.DEFAULT_PREFETCH;
    public static final int DEFAULT_MAX_HEADERS = StompOptions.DEFAULT_MAX_HEADERS;
    public static final int DEFAULT_MAX_HEADER_LENGTH = StompOptions.DEFAULT_MAX_HEADER_LENGTH;

    public static final StompConfig DEFAULTS = new StompConfig(DEFAULT_QUEUE_PREFIX, DEFAULT_TOPIC_PREFIX,
            DEFAULT_TEMP_QUEUE_PREFIX, DEFAULT_TEMP_TOPIC_PREFIX, DEFAULT_AMQ_QUEUE_PREFIX, DEFAULT_EXCHANGE_PREFIX,
            DEFAULT_PREFETCH, DEFAULT_MAX_HEADERS, DEFAULT_MAX_HEADER_LENGTH);

    public StompConfig {
        prefixes(queuePrefix, topicPrefix, tempQueuePrefix, tempTopicPrefix, amqQueuePrefix, exchangePrefix)
                .forEach((k, v) -> Objects.requireNonNull(v, k));
    }

    /** The destination prefixes by their key under {@code stomp.}, in reference order. */
    public Map<String, String> prefixes() {
        return prefixes(queuePrefix, topicPrefix, tempQueuePrefix, tempTopicPrefix, amqQueuePrefix, exchangePrefix);
    }

    private static Map<String, String> prefixes(String queue, String topic, String tempQueue, String tempTopic,
            String amqQueue, String exchange) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("queuePrefix", queue);
        m.put("topicPrefix", topic);
        m.put("tempQueuePrefix", tempQueue);
        m.put("tempTopicPrefix", tempTopic);
        m.put("amqQueuePrefix", amqQueue);
        m.put("exchangePrefix", exchange);
        return m;
    }
}
