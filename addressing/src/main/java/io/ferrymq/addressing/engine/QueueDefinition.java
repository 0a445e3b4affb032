package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.RoutingType;

/**
 * What a queue is, as the engine creates it (from a declaration, an auto-create, a subscription or the journal).
 *
 * @param name queue name
 * @param address the address or address pattern it is bound to
 * @param routingType its routing type
 * @param durable survives restarts
 * @param temporary deleted with its owner connection
 * @param autoCreated created on demand; deleted when empty and unused if the settings say so
 * @param filter its selector, or null
 * @param lastValueKey its last-value property, or null
 * @param subscriptionClientId subscription scope, or null
 * @param subscriptionName subscription name, or null
 * @param shared whether several consumers share a subscription queue
 * @param noLocalKey messages from this origin (client id, else connection id) are not routed here, or null
 * @param expiryDelayMillis a durable subscription without consumers for this long is deleted; -1 never
 * @param maxMessages messages beyond this many are not routed to the queue; -1 no cap
 */
record QueueDefinition(
        String name,
        String address,
        RoutingType routingType,
        boolean durable,
        boolean temporary,
        boolean autoCreated,
        String filter,
        String lastValueKey,
        String subscriptionClientId,
        String subscriptionName,
        boolean shared,
        String noLocalKey,
        long expiryDelayMillis,
        long maxMessages) {

    static QueueDefinition plain(
            String name, String address, RoutingType type, boolean durable, boolean autoCreated, String filter,
            String lastValueKey) {
        return new QueueDefinition(
                name, address, type, durable, false, autoCreated, filter, lastValueKey, null, null, false, null, -1, -1);
    }

    boolean isSubscription() {
        return subscriptionName != null;
    }
}
