package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.transport.openwire.OpenWireOptions;

/**
 * Recognises the consumer queues of virtual topics ({@code Consumer.<group>.VirtualTopic.Orders} with ActiveMQ's
 * defaults). On the engine such a queue is a shared durable subscription, named like the queue, on the topic
 * ({@code VirtualTopic.Orders}): it outlives its consumers and keeps messages, and consumers of one group compete.
 * Immutable.
 */
final class VirtualTopics {

    private final boolean enabled;
    private final String topicPrefix;
    private final String queueStart;
    private final String groupEnd;

    VirtualTopics(OpenWireOptions options) {
        this.enabled = options.virtualTopicsEnabled();
        this.topicPrefix = options.virtualTopicPrefix();
        String pattern = options.virtualTopicConsumerPattern();
        int star = pattern.indexOf('*');
        this.queueStart = pattern.substring(0, star);
        this.groupEnd = pattern.substring(star + 1);
    }

    /**
     * The virtual topic (canonical address) a queue name consumes from, or null when the name is no consumer queue
     * of a virtual topic.
     */
    String topicOf(String queueName) {
        if (!enabled || !queueName.startsWith(queueStart)) {
            return null;
        }
        int end = queueName.indexOf(groupEnd, queueStart.length());
        if (end <= queueStart.length()) {
            return null;
        }
        String group = queueName.substring(queueStart.length(), end);
        if (group.indexOf('.') >= 0 || group.equals("*") || group.equals("#")) {
            return null;
        }
        String topic = queueName.substring(end + groupEnd.length());
        return topic.startsWith(topicPrefix) && topic.length() > topicPrefix.length() ? topic : null;
    }
}
