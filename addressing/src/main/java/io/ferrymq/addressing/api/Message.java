package io.ferrymq.addressing.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The protocol-neutral message. Each transport converts its frames to and from this type at its edge; the engine
 * never sees a protocol type. Instances are immutable and may be shared by many queues; build them with
 * {@link #builder()} or change a copy with {@link #toBuilder()}.
 *
 * <p>Header fields follow JMS where JMS has a name for them (correlation id, reply-to, type, user id, group id and
 * sequence, priority 0-9 with 4 as default), so every protocol maps onto the same fields. Times are milliseconds
 * since the epoch; 0 means unset. docs/message-mapping.md says how each protocol's fields land here.
 */
public final class Message {

    /** The JMS default priority. */
    public static final int DEFAULT_PRIORITY = 4;

    private final String messageId;
    private final String address;
    private final RoutingType routingType;
    private final boolean durable;
    private final int priority;
    private final long timestamp;
    private final long expiration;
    private final long deliveryTime;
    private final Object correlationId;
    private final Destination replyTo;
    private final String type;
    private final String userId;
    private final String groupId;
    private final int groupSequence;
    private final String contentType;
    private final Map<String, Object> properties;
    private final Map<String, Object> annotations;
    private final Body body;
    private final int estimatedSize;

    private Message(Builder b) {
        this.messageId = b.messageId;
        this.address = Objects.requireNonNull(b.address, "address");
        this.routingType = b.routingType;
        this.durable = b.durable;
        this.priority = b.priority;
        this.timestamp = b.timestamp;
        this.expiration = b.expiration;
        this.deliveryTime = b.deliveryTime;
        this.correlationId = b.correlationId;
        this.replyTo = b.replyTo;
        this.type = b.type;
        this.userId = b.userId;
        this.groupId = b.groupId;
        this.groupSequence = b.groupSequence;
        this.contentType = b.contentType;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(b.properties));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
        this.body = b.body;
        this.estimatedSize = 200
                + PropertyValues.estimateMap(properties)
                + PropertyValues.estimateMap(annotations)
                + body.estimatedSize();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding a copy of this message's fields. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The protocol-visible message id (a JMSMessageID, an AMQP message-id rendered as a string), or null. */
    public String messageId() {
        return messageId;
    }

    /** The address the message was sent to: a canonical name, or {@code address::queue} to name one queue. */
    public String address() {
        return address;
    }

    /** The producer's routing intent, or null to reach every queue of the address whatever its routing type. */
    public RoutingType routingType() {
        return routingType;
    }

    /** Whether the message must survive a broker restart (JMS PERSISTENT, MQTT QoS 1/2, STOMP persistent:true). */
    public boolean durable() {
        return durable;
    }

    /** 0 (lowest) to 9 (highest). */
    public int priority() {
        return priority;
    }

    /** When the producer created the message, or 0. */
    public long timestamp() {
        return timestamp;
    }

    /** When the message expires, or 0 for never. */
    public long expiration() {
        return expiration;
    }

    /** The earliest time the message may be delivered (scheduled delivery), or 0 for now. */
    public long deliveryTime() {
        return deliveryTime;
    }

    /** A {@link String}, {@code byte[]}, {@link UUID} or {@link Long}, or null. */
    public Object correlationId() {
        Object c = correlationId;
        return c instanceof byte[] bytes ? bytes.clone() : c;
    }

    public Destination replyTo() {
        return replyTo;
    }

    /** The JMS type (AMQP subject), or null. */
    public String type() {
        return type;
    }

    /** The authenticated user that sent the message, when the broker is configured to stamp it, or null. */
    public String userId() {
        return userId;
    }

    /** The message group (JMSXGroupID), or null. */
    public String groupId() {
        return groupId;
    }

    /** The sequence in its group (JMSXGroupSeq); -1 closes the group (ActiveMQ's convention); 0 when unset. */
    public int groupSequence() {
        return groupSequence;
    }

    /** The MIME content type (AMQP content-type, MQTT 5 content type, STOMP content-type), or null. */
    public String contentType() {
        return contentType;
    }

    /** Application properties in insertion order; values are {@link PropertyValues} types. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** One application property, or null. */
    public Object property(String name) {
        Object v = properties.get(name);
        return v instanceof byte[] bytes ? bytes.clone() : v;
    }

    /**
     * Transport metadata that is not an application property: values a protocol needs to carry through the broker
     * for its own consumers (AMQP message annotations, MQTT 5 payload format indicator). Keys are namespaced by
     * protocol ({@code mqtt.}, {@code amqp.}); other protocols may ignore them.
     */
    public Map<String, Object> annotations() {
        return annotations;
    }

    public Body body() {
        return body;
    }

    /** An estimate of the heap the message holds, for address size limits. */
    public int estimatedSize() {
        return estimatedSize;
    }

    /** Whether the message has expired at {@code now}. */
    public boolean isExpired(long now) {
        return expiration != 0 && expiration <= now;
    }

    @Override
    public String toString() {
        return "Message[id=" + messageId + ", address=" + address + ", durable=" + durable + ", priority=" + priority
                + ", body=" + body.kind() + "]";
    }

    /** Builds a {@link Message}. Not thread safe. */
    public static final class Builder {
        private String messageId;
        private String address;
        private RoutingType routingType;
        private boolean durable;
        private int priority = DEFAULT_PRIORITY;
        private long timestamp;
        private long expiration;
        private long deliveryTime;
        private Object correlationId;
        private Destination replyTo;
        private String type;
        private String userId;
        private String groupId;
        private int groupSequence;
        private String contentType;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final Map<String, Object> annotations = new LinkedHashMap<>();
        private Body body = Body.EMPTY;

        private Builder() {}

        private Builder(Message m) {
            messageId = m.messageId;
            address = m.address;
            routingType = m.routingType;
            durable = m.durable;
            priority = m.priority;
            timestamp = m.timestamp;
            expiration = m.expiration;
            deliveryTime = m.deliveryTime;
            correlationId = m.correlationId;
            replyTo = m.replyTo;
            type = m.type;
            userId = m.userId;
            groupId = m.groupId;
            groupSequence = m.groupSequence;
            contentType = m.contentType;
            properties.putAll(m.properties);
            annotations.putAll(m.annotations);
            body = m.body;
        }

        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder routingType(RoutingType routingType) {
            this.routingType = routingType;
            return this;
        }

        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** Values outside 0-9 are clamped, as JMS providers do. */
        public Builder priority(int priority) {
            this.priority = Math.max(0, Math.min(9, priority));
            return this;
        }

        public Builder timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder expiration(long expiration) {
            this.expiration = Math.max(0, expiration);
            return this;
        }

        public Builder deliveryTime(long deliveryTime) {
            this.deliveryTime = Math.max(0, deliveryTime);
            return this;
        }

        /** A {@link String}, {@code byte[]}, {@link UUID} or {@link Long}, or null. */
        public Builder correlationId(Object correlationId) {
            if (correlationId == null
                    || correlationId instanceof String
                    || correlationId instanceof UUID
                    || correlationId instanceof Long) {
                this.correlationId = correlationId;
            } else if (correlationId instanceof byte[] bytes) {
                this.correlationId = bytes.clone();
            } else {
                throw new IllegalArgumentException(
                        "correlation id has unsupported type " + correlationId.getClass().getName());
            }
            return this;
        }

        public Builder replyTo(Destination replyTo) {
            this.replyTo = replyTo;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder groupSequence(int groupSequence) {
            this.groupSequence = groupSequence;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** Sets one application property; a null value removes it. */
        public Builder property(String name, Object value) {
            Objects.requireNonNull(name, "property name");
            if (value == null) {
                properties.remove(name);
            } else {
                properties.put(name, PropertyValues.check(name, value));
            }
            return this;
        }

        public Builder clearProperties() {
            properties.clear();
            return this;
        }

        /** Sets one transport annotation (see {@link Message#annotations()}); a null value removes it. */
        public Builder annotation(String name, Object value) {
            Objects.requireNonNull(name, "annotation name");
            if (value == null) {
                annotations.remove(name);
            } else {
                annotations.put(name, PropertyValues.check(name, value));
            }
            return this;
        }

        public Builder body(Body body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        public Message build() {
            return new Message(this);
        }
    }

    /** Whether two correlation ids are equal, comparing byte arrays by content. */
    public static boolean sameCorrelationId(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }
}
