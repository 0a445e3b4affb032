package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.RoutingType;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.command.ActiveMQTempQueue;
import org.apache.activemq.command.ActiveMQTempTopic;
import org.apache.activemq.command.ActiveMQTopic;

/**
 * ActiveMQ destination names to canonical addresses and back: words separated by {@code .}, the one-word wildcard
 * {@code *} unchanged, ActiveMQ's any-words wildcard {@code >} as {@code #}.
 */
final class Destinations {

    private Destinations() {
    }

    /** The canonical address of an ActiveMQ destination. */
    static String address(ActiveMQDestination destination) {
        return toCanonical(destination.getPhysicalName());
    }

    static RoutingType routingType(ActiveMQDestination destination) {
        return destination.isQueue() ? RoutingType.ANYCAST : RoutingType.MULTICAST;
    }

    static String toCanonical(String name) {
        if (name.indexOf('>') < 0) {
            return name;
        }
        String[] words = name.split("\\.", -1);
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(">")) {
                words[i] = "#";
            }
        }
        return String.join(".", words);
    }

    static String toActiveMq(String address) {
        int fq = address.indexOf("::");
        String name = fq >= 0 ? address.substring(0, fq) : address;
        if (name.indexOf('#') < 0) {
            return name;
        }
        String[] words = name.split("\\.", -1);
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("#")) {
                words[i] = ">";
            }
        }
        return String.join(".", words);
    }

    /** The engine's reply-to form of an ActiveMQ destination. */
    static Destination toEngine(ActiveMQDestination d) {
        Destination.Kind kind;
        if (d.isTemporary()) {
            kind = d.isQueue() ? Destination.Kind.TEMPORARY_QUEUE : Destination.Kind.TEMPORARY_TOPIC;
        } else {
            kind = d.isQueue() ? Destination.Kind.QUEUE : Destination.Kind.TOPIC;
        }
        return new Destination(address(d), kind);
    }

    /** The ActiveMQ destination of an engine destination. */
    static ActiveMQDestination fromEngine(Destination d) {
        String name = toActiveMq(d.address());
        return switch (d.kind()) {
            case QUEUE -> new ActiveMQQueue(name);
            case TOPIC -> new ActiveMQTopic(name);
            case TEMPORARY_QUEUE -> new ActiveMQTempQueue(name);
            case TEMPORARY_TOPIC -> new ActiveMQTempTopic(name);
        };
    }

    /** The ActiveMQ destination of an address with a routing type. */
    static ActiveMQDestination of(String address, RoutingType routingType) {
        String name = toActiveMq(address);
        return routingType == RoutingType.MULTICAST ? new ActiveMQTopic(name) : new ActiveMQQueue(name);
    }
}
