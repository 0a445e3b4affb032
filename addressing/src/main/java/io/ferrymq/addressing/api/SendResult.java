package io.ferrymq.addressing.api;

/**
 * What happened to a sent message.
 *
 * @param routedQueues how many queues received it; 0 means there was no queue to take it (a topic without
 *     subscribers, or an address full with the DROP policy) and the message is gone
 * @param dropped true when the address was full and its policy dropped the message
 */
public record SendResult(int routedQueues, boolean dropped) {

    public static final SendResult NO_ROUTE = new SendResult(0, false);
    public static final SendResult DROPPED = new SendResult(0, true);

    public boolean routed() {
        return routedQueues > 0;
    }
}
