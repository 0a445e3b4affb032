package io.ferrymq.addressing.api;

/**
 * How an address hands a message to its queues.
 *
 * <ul>
 *   <li>{@link #ANYCAST}: point to point. The message goes to one anycast queue of the address, where consumers
 *       compete for it (a JMS queue, a STOMP {@code /queue/x}).</li>
 *   <li>{@link #MULTICAST}: publish/subscribe. Every multicast queue (subscription) of the address gets its own copy
 *       (a JMS topic, an MQTT topic, a STOMP {@code /topic/x}).</li>
 * </ul>
 */
public enum RoutingType {
    ANYCAST,
    MULTICAST
}
