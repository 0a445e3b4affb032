package io.ferrymq.addressing.api;

import java.util.Objects;

/**
 * A queue to declare.
 *
 * @param name the queue name
 * @param address the address it is bound to (created when missing, if allowed)
 * @param routingType the routing type it takes messages for
 * @param durable whether the queue and its durable messages survive a restart
 * @param filter a selector every message must match to enter the queue, or null
 * @param lastValueKey the property whose value identifies a message that replaces an earlier one with the same
 *     value (a last-value queue, as MQTT retained messages need), or null
 */
public record QueueSpec(
        String name, String address, RoutingType routingType, boolean durable, String filter, String lastValueKey) {

    public QueueSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(routingType, "routingType");
    }

    /** A durable anycast queue on an address of the same name. */
    public static QueueSpec durableQueue(String name) {
        return new QueueSpec(name, name, RoutingType.ANYCAST, true, null, null);
    }
}
