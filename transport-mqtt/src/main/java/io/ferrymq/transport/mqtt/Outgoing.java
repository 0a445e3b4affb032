package io.ferrymq.transport.mqtt;

/**
 * One message on its way to the client: a subscription's delivery, or a retained message sent on subscribe (then
 * {@code subscription} is null).
 *
 * @param data           the message
 * @param qos            the QoS to send at: min(published, granted) (3.1.1 §3.8.4, 5.0 §3.8.4)
 * @param dup            the DUP flag: a redelivery (3.1.1 §3.3.1.1)
 * @param retain         the RETAIN flag to send
 * @param subscriptionId the v5 Subscription Identifier, or 0
 * @param subscription   where to acknowledge, or null
 * @param tag            the delivery tag
 * @param settled        already settled by the broker (at-most-once subscription)
 */
record Outgoing(PublishData data, int qos, boolean dup, boolean retain, int subscriptionId,
        Broker.Subscription subscription, long tag, boolean settled) {

    /** Acknowledges the delivery (if the broker needs it) and returns its credit. */
    void complete() {
        if (subscription != null) {
            if (!settled) {
                subscription.accept(tag);
            }
            subscription.credit(1);
        }
    }
}
