package io.ferrymq.addressing.api;

/**
 * One message handed to a consumer.
 *
 * @param tag identifies the delivery within its consumer; increasing; pass it back to {@link Consumer#settle}
 * @param message the message, shared with other queues: never modify it
 * @param deliveryCount how many earlier deliveries of this message from this queue failed (0 the first time);
 *     JMSXDeliveryCount is this plus one
 * @param queueName the queue the message comes from
 * @param settled true when the engine already considers it settled (browsers); the consumer must not settle it
 */
public record Delivery(long tag, Message message, int deliveryCount, String queueName, boolean settled) {

    /** Whether the message was delivered before (JMSRedelivered, MQTT DUP on resend). */
    public boolean redelivered() {
        return deliveryCount > 0;
    }
}
