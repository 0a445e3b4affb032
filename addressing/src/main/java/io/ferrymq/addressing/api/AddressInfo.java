package io.ferrymq.addressing.api;

import java.util.List;
import java.util.Set;

/**
 * A snapshot of an address.
 *
 * @param name the address name
 * @param routingTypes the routing types it supports
 * @param autoCreated whether the broker created it on demand
 * @param queueNames the queues bound to it
 */
public record AddressInfo(String name, Set<RoutingType> routingTypes, boolean autoCreated, List<String> queueNames) {

    public AddressInfo {
        routingTypes = Set.copyOf(routingTypes);
        queueNames = List.copyOf(queueNames);
    }
}
