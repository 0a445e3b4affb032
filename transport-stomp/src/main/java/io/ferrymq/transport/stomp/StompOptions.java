package io.ferrymq.transport.stomp;

import java.util.List;

/**
 * The STOMP transport's options, with their defaults beside them. The server registers an instance as a service
 * ({@code TransportServices.builder().add(StompOptions.class, options)}); without one {@link #DEFAULTS} apply.
 * Validated on construction; immutable.
 *
 * @param queuePrefix destinations naming an anycast queue ({@code /queue/x}, ActiveMQ and RabbitMQ)
 * @param topicPrefix destinations naming a multicast address ({@code /topic/x})
 * @param tempQueuePrefix the connection's own temporary queues ({@code /temp-queue/x}); other connections reach
 *     them through the rewritten reply-to {@code /remote-temp-queue/<name>}
 * @param tempTopicPrefix the connection's own temporary topics ({@code /temp-topic/x})
 * @param amqQueuePrefix RabbitMQ's existing-queue destinations ({@code /amq/queue/x}), an anycast queue
 * @param exchangePrefix RabbitMQ's exchange destinations ({@code /exchange/x/key}), a multicast address
 * @param defaultPrefetch the ack window of a subscription that names none ({@code activemq.prefetchSize},
 *     {@code prefetch-count}): how many messages may wait for their ACK
 * @param minHeartBeatMillis the shortest heart-beat interval the server agrees to, either way
 * @param heartBeatGrace how many heart-beat intervals of silence the server tolerates before it closes the
 *     connection (1.5: ActiveMQ's and RabbitMQ's margin)
 * @param maxHeaders the most headers in one frame (ActiveMQ's maxHeaders)
 * @param maxHeaderLength the longest command or header line in bytes (ActiveMQ's maxHeaderLength)
 */
public record StompOptions(
        String queuePrefix,
        String topicPrefix,
        String tempQueuePrefix,
        String tempTopicPrefix,
        String amqQueuePrefix,
        String exchangePrefix,
        int defaultPrefetch,
        long minHeartBeatMillis,
        double heartBeatGrace,
        int maxHeaders,
        int maxHeaderLength) {

    public static final String DEFAULT_QUEUE_PREFIX = "/queue/";
    public static final String DEFAULT_TOPIC_PREFIX = "/topic/";
    public static final String DEFAULT_TEMP_QUEUE_PREFIX = "/temp-queue/";
    public static final String DEFAULT_TEMP_TOPIC_PREFIX = "/temp-topic/";
    public static final String DEFAULT_AMQ_QUEUE_PREFIX = "/amq/queue/";
    public static final String DEFAULT_EXCHANGE_PREFIX = "/exchange/";
    public static final int DEFAULT_PREFETCH = 1000;
    public static final long DEFAULT_MIN_HEART_BEAT_MILLIS = 100;
    public static final double DEFAULT_HEART_BEAT_GRACE = 1.5;
    public static final int DEFAULT_MAX_HEADERS = 1000;
    public static final int DEFAULT_MAX_HEADER_LENGTH = 10 * 1024;

    /** Every {@code DEFAULT_*} value. */
    public static final StompOptions DEFAULTS = new StompOptions(DEFAULT_QUEUE_PREFIX, DEFAULT_TOPIC_PREFIX,
            DEFAULT_TEMP_QUEUE_PREFIX, DEFAULT_TEMP_TOPIC_PREFIX, DEFAULT_AMQ_QUEUE_PREFIX, DEFAULT_EXCHANGE_PREFIX,
            DEFAULT_PREFETCH, DEFAULT_MIN_HEART_BEAT_MILLIS, DEFAULT_HEART_BEAT_GRACE, DEFAULT_MAX_HEADERS,
            DEFAULT_MAX_HEADER_LENGTH);

    /**
     * @throws IllegalArgumentException naming the first invalid option
     */
    public StompOptions {
        List<String> prefixes = List.of(queuePrefix, topicPrefix, tempQueuePrefix, tempTopicPrefix, amqQueuePrefix,
                exchangePrefix);
        for (String p : prefixes) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("STOMP destination prefixes must not be empty: " + prefixes);
            }
        }
        if (prefixes.stream().distinct().count() != prefixes.size()) {
            throw new IllegalArgumentException("STOMP destination prefixes must differ: " + prefixes);
        }
        if (defaultPrefetch <= 0) {
            throw new IllegalArgumentException("defaultPrefetch must be positive: " + defaultPrefetch);
        }
        if (minHeartBeatMillis <= 0) {
            throw new IllegalArgumentException("minHeartBeatMillis must be positive: " + minHeartBeatMillis);
        }
        if (!(heartBeatGrace >= 1.0)) {
            throw new IllegalArgumentException("heartBeatGrace must be at least 1.0: " + heartBeatGrace);
        }
        if (maxHeaders <= 0) {
            throw new IllegalArgumentException("maxHeaders must be positive: " + maxHeaders);
        }
        if (maxHeaderLength <= 0) {
            throw new IllegalArgumentException("maxHeaderLength must be positive: " + maxHeaderLength);
        }
    }

    /** A copy with other heart-beat settings. */
    public StompOptions withHeartBeats(long minHeartBeatMillis, double heartBeatGrace) {
        return new StompOptions(queuePrefix, topicPrefix, tempQueuePrefix, tempTopicPrefix, amqQueuePrefix,
                exchangePrefix, defaultPrefetch, minHeartBeatMillis, heartBeatGrace, maxHeaders, maxHeaderLength);
    }

    /** A copy with another {@link #defaultPrefetch()}. */
    public StompOptions withDefaultPrefetch(int defaultPrefetch) {
        return new StompOptions(queuePrefix, topicPrefix, tempQueuePrefix, tempTopicPrefix, amqQueuePrefix,
                exchangePrefix, defaultPrefetch, minHeartBeatMillis, heartBeatGrace, maxHeaders, maxHeaderLength);
    }
}
