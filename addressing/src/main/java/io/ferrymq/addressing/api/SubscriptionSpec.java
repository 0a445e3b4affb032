package io.ferrymq.addressing.api;

import java.util.Objects;

/**
 * What a consumer reads from.
 *
 * <ul>
 *   <li>{@link #queue(String)}: consume from a queue (ANYCAST). The name is a queue name, or an address whose
 *       anycast queue carries the same name, or a fully qualified {@code address::queue}. With auto-create on, a
 *       missing queue is created.</li>
 *   <li>{@link #topic(String)}: subscribe to an address (MULTICAST), whose name may hold the wildcards {@code *}
 *       (one word) and {@code #} (any number of words). Without a subscription name the subscription is a private,
 *       non-durable queue that lives as long as the consumer.</li>
 *   <li>With {@link Builder#durable(String, String)} the subscription survives the consumer and the broker (JMS
 *       durable subscriber, MQTT persistent session); with {@link Builder#shared(boolean)} several consumers compete
 *       on it (JMS 2.0 shared subscriptions, MQTT {@code $share}).</li>
 * </ul>
 */
public final class SubscriptionSpec {

    private final String address;
    private final RoutingType routingType;
    private final String clientId;
    private final String subscriptionName;
    private final boolean durable;
    private final boolean shared;
    private final String filter;
    private final boolean noLocal;
    private final boolean exclusive;
    private final int priority;
    private final boolean browseOnly;
    private final boolean autoAccept;
    private final long expiryDelayMillis;
    private final long maxMessages;

    private SubscriptionSpec(Builder b) {
        this.address = Objects.requireNonNull(b.address, "address");
        this.routingType = Objects.requireNonNull(b.routingType, "routingType");
        this.clientId = b.clientId;
        this.subscriptionName = b.subscriptionName;
        this.durable = b.durable;
        this.shared = b.shared;
        this.filter = b.filter == null || b.filter.isBlank() ? null : b.filter.trim();
        this.noLocal = b.noLocal;
        this.exclusive = b.exclusive;
        this.priority = b.priority;
        this.browseOnly = b.browseOnly;
        this.autoAccept = b.autoAccept;
        this.expiryDelayMillis = b.expiryDelayMillis;
        this.maxMessages = b.maxMessages;
        if (maxMessages >= 0 && subscriptionName == null) {
            throw new IllegalArgumentException("only named subscriptions have a message cap");
        }
        if (expiryDelayMillis >= 0 && !durable) {
            throw new IllegalArgumentException("only durable subscriptions expire");
        }
        if (routingType == RoutingType.ANYCAST && (durable || subscriptionName != null)) {
            throw new IllegalArgumentException("a queue consumer has no subscription name");
        }
        if ((durable || shared) && subscriptionName == null) {
            throw new IllegalArgumentException("durable and shared subscriptions need a subscription name");
        }
        if (browseOnly && routingType != RoutingType.ANYCAST) {
            throw new IllegalArgumentException("only queues can be browsed");
        }
    }

    /** Consume from a queue, or browse it with {@link Builder#browseOnly(boolean)}. */
    public static Builder queue(String queueOrAddress) {
        return new Builder(queueOrAddress, RoutingType.ANYCAST);
    }

    /** Subscribe to an address or address pattern. */
    public static Builder topic(String addressOrPattern) {
        return new Builder(addressOrPattern, RoutingType.MULTICAST);
    }

    public String address() {
        return address;
    }

    public RoutingType routingType() {
        return routingType;
    }

    /** The client id a durable or shared subscription is scoped to, or null for a global one. */
    public String clientId() {
        return clientId;
    }

    public String subscriptionName() {
        return subscriptionName;
    }

    public boolean durable() {
        return durable;
    }

    public boolean shared() {
        return shared;
    }

    /** A JMS selector, or null. */
    public String filter() {
        return filter;
    }

    /** Skip messages published by this connection (or by a connection with the same client id). */
    public boolean noLocal() {
        return noLocal;
    }

    /** While this consumer is attached it alone receives from the queue (ActiveMQ exclusive consumer). */
    public boolean exclusive() {
        return exclusive;
    }

    /** Consumers with a higher priority get messages first; default 0. */
    public int priority() {
        return priority;
    }

    /** Deliver the queue's messages without consuming them (JMS QueueBrowser). */
    public boolean browseOnly() {
        return browseOnly;
    }

    /**
     * Deliveries count as accepted the moment they are handed to the transport (at-most-once: AMQP pre-settled
     * transfers, MQTT QoS 0). They arrive with {@link Delivery#settled()} true and must not be settled.
     */
    public boolean autoAccept() {
        return autoAccept;
    }

    /**
     * How long a durable subscription may stay without consumers before the engine deletes it with its messages
     * (MQTT 5 session expiry, AMQP terminus expiry); -1 (the default) keeps it until it is deleted.
     */
    public long expiryDelayMillis() {
        return expiryDelayMillis;
    }

    /**
     * The most messages the subscription queue holds; while it is full, new messages are not routed to it (dropped
     * for this subscription, as Mosquitto's and HiveMQ's queued-message limits do). -1 (the default): no cap.
     */
    public long maxMessages() {
        return maxMessages;
    }

    /**
     * The name of the queue a named subscription lives in: {@code clientId.subscriptionName}, or the subscription
     * name alone for a global one (Artemis's convention, so JMS clients of every protocol find the same
     * subscription). Null for a private subscription.
     */
    public String subscriptionQueueName() {
        if (subscriptionName == null) {
            return null;
        }
        return clientId == null ? subscriptionName : clientId + "." + subscriptionName;
    }

    @Override
    public String toString() {
        return "SubscriptionSpec[" + routingType + " " + address
                + (subscriptionName != null ? ", subscription=" + subscriptionQueueName() : "")
                + (durable ? ", durable" : "") + (shared ? ", shared" : "")
                + (filter != null ? ", filter=" + filter : "") + (noLocal ? ", noLocal" : "")
                + (browseOnly ? ", browse" : "") + (autoAccept ? ", autoAccept" : "") + "]";
    }

    /** Builds a {@link SubscriptionSpec}. */
    public static final class Builder {
        private final String address;
        private final RoutingType routingType;
        private String clientId;
        private String subscriptionName;
        private boolean durable;
        private boolean shared;
        private String filter;
        private boolean noLocal;
        private boolean exclusive;
        private int priority;
        private boolean browseOnly;
        private boolean autoAccept;
        private long expiryDelayMillis = -1;
        private long maxMessages = -1;

        private Builder(String address, RoutingType routingType) {
            this.address = address;
            this.routingType = routingType;
        }

        /** A durable subscription named {@code subscriptionName}, scoped to {@code clientId} (may be null). */
        public Builder durable(String clientId, String subscriptionName) {
            this.durable = true;
            this.clientId = clientId;
            this.subscriptionName = Objects.requireNonNull(subscriptionName, "subscriptionName");
            return this;
        }

        /** A non-durable shared subscription named {@code subscriptionName}, scoped to {@code clientId}. */
        public Builder named(String clientId, String subscriptionName) {
            this.clientId = clientId;
            this.subscriptionName = Objects.requireNonNull(subscriptionName, "subscriptionName");
            return this;
        }

        public Builder shared(boolean shared) {
            this.shared = shared;
            return this;
        }

        public Builder filter(String filter) {
            this.filter = filter;
            return this;
        }

        public Builder noLocal(boolean noLocal) {
            this.noLocal = noLocal;
            return this;
        }

        public Builder exclusive(boolean exclusive) {
            this.exclusive = exclusive;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder browseOnly(boolean browseOnly) {
            this.browseOnly = browseOnly;
            return this;
        }

        public Builder autoAccept(boolean autoAccept) {
            this.autoAccept = autoAccept;
            return this;
        }

        /** See {@link SubscriptionSpec#expiryDelayMillis()}; -1 never expires. */
        public Builder expiryDelay(long millis) {
            this.expiryDelayMillis = millis < 0 ? -1 : millis;
            return this;
        }

        /** See {@link SubscriptionSpec#maxMessages()}; -1 for no cap. */
        public Builder maxMessages(long max) {
            this.maxMessages = max < 0 ? -1 : max;
            return this;
        }

        public SubscriptionSpec build() {
            return new SubscriptionSpec(this);
        }
    }
}
