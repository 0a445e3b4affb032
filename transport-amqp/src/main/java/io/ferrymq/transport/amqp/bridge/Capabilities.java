package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.Destination;
import org.apache.qpid.proton.amqp.Symbol;

/**
 * The terminus and connection capabilities FerryMQ understands: the node types Qpid JMS puts on sources and targets
 * (AMQP JMS Mapping §4.2.2), the JMS 2.0 shared subscription markers, and what the broker offers on open.
 */
final class Capabilities {

    static final Symbol QUEUE = Symbol.valueOf("queue");
    static final Symbol TOPIC = Symbol.valueOf("topic");
    static final Symbol TEMPORARY_QUEUE = Symbol.valueOf("temporary-queue");
    static final Symbol TEMPORARY_TOPIC = Symbol.valueOf("temporary-topic");
    static final Symbol SHARED = Symbol.valueOf("shared");
    static final Symbol GLOBAL = Symbol.valueOf("global");

    static final Symbol ANONYMOUS_RELAY = Symbol.valueOf("ANONYMOUS-RELAY");
    static final Symbol SHARED_SUBS = Symbol.valueOf("SHARED-SUBS");
    static final Symbol DELAYED_DELIVERY = Symbol.valueOf("DELAYED_DELIVERY");
    /** Open: the container id is exclusive, as a JMS client id (Qpid JMS asks for it when jms.clientID is set). */
    static final Symbol SOLE_CONNECTION_FOR_CONTAINER = Symbol.valueOf("sole-connection-for-container");

    static final Symbol COPY = Symbol.valueOf("copy");

    private Capabilities() {
    }

    static boolean has(Symbol[] capabilities, Symbol wanted) {
        if (capabilities != null) {
            for (Symbol s : capabilities) {
                if (wanted.equals(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The node type named by a terminus's capabilities, or null when it names none. */
    static Destination.Kind kind(Symbol[] capabilities) {
        if (has(capabilities, TEMPORARY_QUEUE)) {
            return Destination.Kind.TEMPORARY_QUEUE;
        }
        if (has(capabilities, TEMPORARY_TOPIC)) {
            return Destination.Kind.TEMPORARY_TOPIC;
        }
        if (has(capabilities, TOPIC)) {
            return Destination.Kind.TOPIC;
        }
        if (has(capabilities, QUEUE)) {
            return Destination.Kind.QUEUE;
        }
        return null;
    }
}
