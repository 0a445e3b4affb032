package io.ferrymq.addressing.api;

/**
 * A snapshot of a queue.
 *
 * @param name queue name
 * @param address the address (or address pattern, for wildcard subscriptions) it is bound to
 * @param routingType its routing type
 * @param durable whether it survives a restart
 * @param temporary whether it is deleted with its owning connection
 * @param autoCreated whether the broker created it on demand
 * @param filter its selector, or null
 * @param lastValueKey its last-value property, or null
 * @param messageCount messages waiting or being delivered
 * @param consumerCount attached consumers
 */
public record QueueInfo(
        String name,
        String address,
        RoutingType routingType,
        boolean durable,
        boolean temporary,
        boolean autoCreated,
        String filter,
        String lastValueKey,
        long messageCount,
        int consumerCount) {}
