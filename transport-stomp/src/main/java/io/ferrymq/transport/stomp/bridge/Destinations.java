package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.transport.stomp.StompOptions;
import io.ferrymq.transport.stomp.StompProtocolException;
import java.util.HashMap;
import java.util.Map;

/**
 * STOMP destination names to engine addresses and back, for one connection (it owns the names of the connection's
 * temporary destinations). docs/stomp.md has the table:
 *
 * <ul>
 *   <li>{@code /queue/x} and {@code /amq/queue/x}: the anycast queue {@code x};</li>
 *   <li>{@code /topic/x}: the multicast address {@code x}, with ActiveMQ's {@code >} wildcard read as {@code #};</li>
 *   <li>{@code /exchange/amq.topic/k}: the multicast address {@code k} (RabbitMQ's {@code /topic/k});
 *       {@code /exchange/x/k}: the multicast address {@code x.k}; {@code /exchange/x}: the multicast address
 *       {@code x};</li>
 *   <li>{@code /temp-queue/x}, {@code /temp-topic/x}: this connection's temporary queue or topic, created on first
 *       use under a connection-unique address and deleted with the connection; other connections see it, in a
 *       reply-to, as {@code /remote-temp-queue/<address>} (ActiveMQ's convention), which is also accepted as a
 *       destination, as is RabbitMQ's {@code /reply-queue/<address>};</li>
 *   <li>any other name: the anycast queue of that name (Artemis's convention).</li>
 * </ul>
 *
 * <p>Runs on the connection's event loop; not thread safe.
 */
final class Destinations {

    static final String REMOTE_TEMP_QUEUE = "/remote-temp-queue/";
    static final String REMOTE_TEMP_TOPIC = "/remote-temp-topic/";
    static final String REPLY_QUEUE = "/reply-queue/";
    static final String AMQ_TOPIC = "amq.topic";

    /** A parsed destination: where it goes in the engine, and whether it is this connection's temporary one. */
    record Target(String address, Destination.Kind kind, boolean ownTemporary) {
        RoutingType routingType() {
            return kind.routingType();
        }

        Destination destination() {
            return new Destination(address, kind);
        }
    }

    private final StompOptions options;
    private final String tempBase;
    private final Map<String, String> ownTempNames = new HashMap<>();

    /**
     * @param options the prefixes
     * @param connectionId a broker-unique id for the names of temporary destinations
     */
    Destinations(StompOptions options, String connectionId) {
        this.options = options;
        this.tempBase = "stomp-temp." + connectionId.replace('.', '-') + ".";
    }

    /**
     * @throws StompProtocolException when the name is empty after its prefix
     */
    Target parse(String name) {
        if (name.startsWith(options.tempQueuePrefix())) {
            return own(rest(name, options.tempQueuePrefix()), Destination.Kind.TEMPORARY_QUEUE, "q");
        }
        if (name.startsWith(options.tempTopicPrefix())) {
            return own(rest(name, options.tempTopicPrefix()), Destination.Kind.TEMPORARY_TOPIC, "t");
        }
        if (name.startsWith(options.amqQueuePrefix())) {
            return new Target(rest(name, options.amqQueuePrefix()), Destination.Kind.QUEUE, false);
        }
        if (name.startsWith(options.queuePrefix())) {
            return new Target(rest(name, options.queuePrefix()), Destination.Kind.QUEUE, false);
        }
        if (name.startsWith(options.topicPrefix())) {
            return new Target(canonical(rest(name, options.topicPrefix())), Destination.Kind.TOPIC, false);
        }
        if (name.startsWith(options.exchangePrefix())) {
            String rest = rest(name, options.exchangePrefix());
            int slash = rest.indexOf('/');
            String exchange = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : rest.substring(slash + 1);
            String address = key.isEmpty() ? exchange : AMQ_TOPIC.equals(exchange) ? key : exchange + "." + key;
            if (address.isEmpty()) {
                throw invalid(name);
            }
            return new Target(canonical(address), Destination.Kind.TOPIC, false);
        }
        if (name.startsWith(REMOTE_TEMP_QUEUE)) {
            return remote(rest(name, REMOTE_TEMP_QUEUE), Destination.Kind.TEMPORARY_QUEUE);
        }
        if (name.startsWith(REPLY_QUEUE)) {
            return remote(rest(name, REPLY_QUEUE), Destination.Kind.TEMPORARY_QUEUE);
        }
        if (name.startsWith(REMOTE_TEMP_TOPIC)) {
            return remote(rest(name, REMOTE_TEMP_TOPIC), Destination.Kind.TEMPORARY_TOPIC);
        }
        if (name.isBlank()) {
            throw invalid(name);
        }
        return new Target(name, Destination.Kind.QUEUE, false);
    }

    private Target own(String local, Destination.Kind kind, String tag) {
        String address = tempBase + tag + "." + local;
        ownTempNames.put(address, (kind == Destination.Kind.TEMPORARY_QUEUE ? options.tempQueuePrefix()
                : options.tempTopicPrefix()) + local);
        return new Target(address, kind, true);
    }

    private Target remote(String address, Destination.Kind kind) {
        return new Target(address, kind, ownTempNames.containsKey(address));
    }

    /** The STOMP name of a destination a message carries (its reply-to), for this connection. */
    String render(Destination d) {
        String own = ownTempNames.get(d.address());
        if (own != null) {
            return own;
        }
        return switch (d.kind()) {
            case QUEUE -> options.queuePrefix() + d.address();
            case TOPIC -> options.topicPrefix() + d.address();
            case TEMPORARY_QUEUE -> REMOTE_TEMP_QUEUE + d.address();
            case TEMPORARY_TOPIC -> REMOTE_TEMP_TOPIC + d.address();
        };
    }

    /**
     * The STOMP name of the destination of a delivered message: its address, rendered with the kind of the
     * subscription that received it.
     */
    String render(String address, Destination.Kind subscriptionKind) {
        int fq = address.indexOf("::");
        String name = fq >= 0 ? address.substring(0, fq) : address;
        return render(new Destination(name, subscriptionKind));
    }

    private static String rest(String name, String prefix) {
        String rest = name.substring(prefix.length());
        if (rest.isEmpty()) {
            throw invalid(name);
        }
        return rest;
    }

    /** ActiveMQ's any-words wildcard {@code >} is the engine's {@code #}. */
    private static String canonical(String name) {
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

    private static StompProtocolException invalid(String name) {
        return new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "invalid destination '" + name + "'");
    }
}
