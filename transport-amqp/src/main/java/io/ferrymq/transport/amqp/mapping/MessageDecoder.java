package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.transport.amqp.mapping.AmqpMessageMapper.MalformedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * AMQP message bytes to an engine message builder: header, message annotations, properties, application
 * properties and body, field by field as docs/message-mapping.md (AMQP 1.0) lists them. Delivery annotations and the footer are
 * not carried. Stateless apart from its clock; thread safe.
 */
final class MessageDecoder {

    private final LongSupplier clock;

    MessageDecoder(LongSupplier clock) {
        this.clock = clock;
    }

    Message.Builder decode(ReadableBuffer in) throws MalformedMessageException {
        Sections s = Sections.read(Codec.get().decoder, in);
        long now = clock.getAsLong();
        Message.Builder b = Message.builder();
        Map<Symbol, Object> annotations = s.messageAnnotations == null ? Map.of() : s.messageAnnotations.getValue();
        if (annotations == null) {
            annotations = Map.of();
        }
        header(s.header, b, now);
        Properties p = s.properties;
        String contentType = null;
        if (p != null) {
            properties(p, annotations, b);
            contentType = p.getContentType() == null ? null : p.getContentType().toString();
            if (p.getAbsoluteExpiryTime() != null && p.getAbsoluteExpiryTime().getTime() > 0) {
                b.expiration(p.getAbsoluteExpiryTime().getTime());
            }
        }
        Destination.Kind toKind = destinationKind(annotations, JmsMapping.JMS_DEST, JmsMapping.LEGACY_TO_TYPE);
        if (toKind != null) {
            b.routingType(toKind.routingType());
            if (toKind.isTemporary() && p != null && p.getTo() != null) {
                b.annotation(JmsMapping.TEMPORARY_TO, p.getTo());
            }
        }
        deliveryTime(annotations, b, now);
        Byte jmsType = jmsType(annotations.get(JmsMapping.JMS_MSG_TYPE));
        BodyDecoder.Decoded body = BodyDecoder.decode(s, jmsType, contentType);
        b.body(body.body());
        b.annotation(JmsMapping.BODY_SECTION, body.section());
        b.annotation(JmsMapping.JMS_MSG_TYPE.toString(), body.jmsType());
        otherAnnotations(annotations, b);
        if (s.applicationProperties != null && s.applicationProperties.getValue() != null) {
            applicationProperties(s.applicationProperties.getValue(), b);
        }
        return b;
    }

    /** Durable and priority; a ttl without absolute-expiry-time counts from arrival (OASIS AMQP 1.0 §3.2.1). */
    private static void header(Header h, Message.Builder b, long now) {
        if (h == null) {
            return;
        }
        b.durable(Boolean.TRUE.equals(h.getDurable()));
        if (h.getPriority() != null) {
            b.priority(h.getPriority().intValue());
        }
        if (h.getTtl() != null && h.getTtl().longValue() > 0) {
            b.expiration(now + h.getTtl().longValue());
        }
        // first-acquirer and delivery-count describe the producer's transfer; the broker counts its own deliveries
    }

    private static void properties(Properties p, Map<Symbol, Object> annotations, Message.Builder b)
            throws MalformedMessageException {
        b.messageId(messageId(p.getMessageId()));
        if (p.getUserId() != null && p.getUserId().getLength() > 0) {
            Binary u = p.getUserId();
            b.userId(new String(u.getArray(), u.getArrayOffset(), u.getLength(), StandardCharsets.UTF_8));
        }
        if (p.getTo() != null) {
            b.address(p.getTo());
        }
        b.type(p.getSubject());
        if (p.getReplyTo() != null) {
            Destination.Kind kind =
                    destinationKind(annotations, JmsMapping.JMS_REPLY_TO, JmsMapping.LEGACY_REPLY_TYPE);
            // without a type Qpid JMS assumes the consumer's kind; a queue is the safe default for a broker
            b.replyTo(new Destination(p.getReplyTo(), kind == null ? Destination.Kind.QUEUE : kind));
        }
        b.correlationId(correlationId(p.getCorrelationId()));
        if (p.getContentType() != null) {
            b.contentType(p.getContentType().toString());
        }
        if (p.getContentEncoding() != null) {
            b.annotation(JmsMapping.CONTENT_ENCODING, p.getContentEncoding().toString());
        }
        Date created = p.getCreationTime();
        if (created != null) {
            b.timestamp(created.getTime());
        }
        b.groupId(p.getGroupId());
        if (p.getGroupSequence() != null) {
            // as Qpid JMS: a uint above 2^31-1 wraps into the negative int range
            b.groupSequence(p.getGroupSequence().intValue());
        }
        b.annotation(JmsMapping.REPLY_TO_GROUP_ID, p.getReplyToGroupId());
    }

    private static String messageId(Object id) throws MalformedMessageException {
        if (id == null || id instanceof String || id instanceof UUID || id instanceof UnsignedLong
                || id instanceof Binary) {
            return MessageIds.messageIdString(id);
        }
        throw new MalformedMessageException("message-id of type " + id.getClass().getSimpleName()
                + " is not one of ulong, uuid, binary, string (OASIS AMQP 1.0 §3.2.4)", null);
    }

    /** String (escaped as Qpid JMS shows it), UUID, long (a ulong above 2^63-1 as its prefixed string), bytes. */
    private static Object correlationId(Object id) throws MalformedMessageException {
        if (id == null || id instanceof UUID) {
            return id;
        }
        if (id instanceof String s) {
            return MessageIds.correlationIdString(s);
        }
        if (id instanceof UnsignedLong l) {
            return l.longValue() >= 0 ? (Object) l.longValue() : MessageIds.typedIdString(l);
        }
        if (id instanceof Binary bin) {
            byte[] bytes = new byte[bin.getLength()];
            System.arraycopy(bin.getArray(), bin.getArrayOffset(), bytes, 0, bytes.length);
            return bytes;
        }
        throw new MalformedMessageException("correlation-id of type " + id.getClass().getSimpleName()
                + " is not one of ulong, uuid, binary, string (OASIS AMQP 1.0 §3.2.4)", null);
    }

    private static Destination.Kind destinationKind(Map<Symbol, Object> annotations, Symbol key, Symbol legacy) {
        Destination.Kind kind = JmsMapping.kind(annotations.get(key));
        return kind != null ? kind : JmsMapping.kind(annotations.get(legacy));
    }

    /** x-opt-delivery-time (a long or timestamp) wins over x-opt-delivery-delay (from arrival), as in Artemis. */
    private static void deliveryTime(Map<Symbol, Object> annotations, Message.Builder b, long now) {
        Object time = annotations.get(JmsMapping.DELIVERY_TIME);
        if (time instanceof Number n) {
            b.deliveryTime(n.longValue());
        } else if (time instanceof Date d) {
            b.deliveryTime(d.getTime());
        } else if (annotations.get(JmsMapping.DELIVERY_DELAY) instanceof Number delay && delay.longValue() > 0) {
            b.deliveryTime(now + delay.longValue());
        }
    }

    private static Byte jmsType(Object annotation) {
        if (annotation instanceof Number n && n.intValue() >= JmsMapping.MESSAGE
                && n.intValue() <= JmsMapping.TEXT_MESSAGE) {
            return n.byteValue();
        }
        return null;
    }

    /** Annotations with symbol keys starting {@code x-} and a simple value, other than those mapped to fields. */
    private static void otherAnnotations(Map<?, ?> annotations, Message.Builder b) {
        for (Map.Entry<?, ?> e : annotations.entrySet()) {
            if (!(e.getKey() instanceof Symbol key) || !key.toString().startsWith("x-") || isMapped(key)) {
                continue;
            }
            Object v = AmqpValues.toEngine(e.getValue());
            if (v != AmqpValues.UNSUPPORTED) {
                b.annotation(key.toString(), v);
            }
        }
    }

    private static boolean isMapped(Symbol key) {
        return key.equals(JmsMapping.JMS_MSG_TYPE)
                || key.equals(JmsMapping.JMS_DEST)
                || key.equals(JmsMapping.JMS_REPLY_TO)
                || key.equals(JmsMapping.LEGACY_TO_TYPE)
                || key.equals(JmsMapping.LEGACY_REPLY_TYPE)
                || key.equals(JmsMapping.DELIVERY_TIME)
                || key.equals(JmsMapping.DELIVERY_DELAY);
    }

    /** Application properties: string keys and simple values only (OASIS AMQP 1.0 §3.2.5). */
    private static void applicationProperties(Map<?, ?> properties, Message.Builder b)
            throws MalformedMessageException {
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new MalformedMessageException("application-properties key " + e.getKey()
                        + " is not a string (OASIS AMQP 1.0 §3.2.5)", null);
            }
            Object v = AmqpValues.toEngine(e.getValue());
            if (v == AmqpValues.UNSUPPORTED) {
                throw new MalformedMessageException("application property '" + key + "' has a "
                        + e.getValue().getClass().getSimpleName()
                        + " value; only simple types are allowed (OASIS AMQP 1.0 §3.2.5)", null);
            }
            b.property(key, v);
        }
    }
}
