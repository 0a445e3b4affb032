package io.ferrymq.addressing.api;

import java.util.Objects;

/**
 * A named destination as a message carries it in its reply-to: an address and what kind of node the sender meant.
 * Each transport renders it in its own syntax ({@code queue://x}, {@code /temp-queue/x}, an AMQP address with
 * {@code x-opt-jms-reply-type}, an MQTT response topic).
 *
 * @param address the canonical address name
 * @param kind what the name refers to
 */
public record Destination(String address, Kind kind) {

    /** What a destination name refers to. */
    public enum Kind {
        QUEUE,
        TOPIC,
        TEMPORARY_QUEUE,
        TEMPORARY_TOPIC;

        /** The routing type of this kind of destination. */
        public RoutingType routingType() {
            return this == QUEUE || this == TEMPORARY_QUEUE ? RoutingType.ANYCAST : RoutingType.MULTICAST;
        }

        public boolean isTemporary() {
            return this == TEMPORARY_QUEUE || this == TEMPORARY_TOPIC;
        }
    }

    public Destination {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
    }

    public static Destination queue(String address) {
        return new Destination(address, Kind.QUEUE);
    }

    public static Destination topic(String address) {
        return new Destination(address, Kind.TOPIC);
    }
}
