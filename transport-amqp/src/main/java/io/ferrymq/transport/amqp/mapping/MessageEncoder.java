package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * An engine message, from any protocol, to AMQP message bytes for a consumer: header, message annotations (the
 * JMS mapping's type bytes and the {@code x-} annotations an AMQP producer sent), properties, application
 * properties and body, field by field as docs/message-mapping.md (AMQP 1.0) lists them. Stateless apart from its clock; thread
 * safe.
 */
final class MessageEncoder {

    private static final long UINT_MAX = 0xFFFF_FFFFL;

    private final LongSupplier clock;

    MessageEncoder(LongSupplier clock) {
        this.clock = clock;
    }

    void encode(Message m, int deliveryCount, WritableBuffer out) {
        EncoderImpl encoder = Codec.get().encoder;
        encoder.setByteBuffer(out);
        try {
            Header header = header(m, deliveryCount, clock.getAsLong());
            if (header != null) {
                encoder.writeObject(header);
            }
            encoder.writeObject(new MessageAnnotations(annotations(m)));
            encoder.writeObject(properties(m));
            if (!m.properties().isEmpty()) {
                Map<String, Object> values = new LinkedHashMap<>();
                m.properties().forEach((k, v) -> values.put(k, AmqpValues.toAmqp(v)));
                encoder.writeObject(new ApplicationProperties(values));
            }
            BodyEncoder.write(m, encoder, out);
        } finally {
            encoder.setByteBuffer((WritableBuffer) null);
        }
    }

    /**
     * Durable, priority, the remaining time to live (at least 1 ms; the absolute expiry time is in the properties)
     * and the delivery count; null when every field has its default.
     */
    private static Header header(Message m, int deliveryCount, long now) {
        boolean defaults = !m.durable() && m.priority() == Message.DEFAULT_PRIORITY && m.expiration() == 0
                && deliveryCount <= 0;
        if (defaults) {
            return null;
        }
        Header h = new Header();
        if (m.durable()) {
            h.setDurable(true);
        }
        if (m.priority() != Message.DEFAULT_PRIORITY) {
            h.setPriority(UnsignedByte.valueOf((byte) m.priority()));
        }
        if (m.expiration() != 0) {
            long ttl = Math.max(1, Math.min(UINT_MAX, m.expiration() - now));
            h.setTtl(UnsignedInteger.valueOf(ttl));
        }
        if (deliveryCount > 0) {
            h.setDeliveryCount(UnsignedInteger.valueOf(deliveryCount));
        }
        return h;
    }

    private static Map<Symbol, Object> annotations(Message m) {
        Map<Symbol, Object> a = new LinkedHashMap<>();
        byte jmsType = BodyEncoder.jmsType(m);
        if (jmsType != BodyEncoder.NO_TYPE) {
            a.put(JmsMapping.JMS_MSG_TYPE, jmsType);
        }
        if (m.routingType() != null) {
            a.put(JmsMapping.JMS_DEST, toType(m));
        }
        if (m.replyTo() != null) {
            a.put(JmsMapping.JMS_REPLY_TO, JmsMapping.typeByte(m.replyTo().kind()));
        }
        if (m.deliveryTime() > 0) {
            a.put(JmsMapping.DELIVERY_TIME, m.deliveryTime());
        }
        for (Map.Entry<String, Object> e : m.annotations().entrySet()) {
            Symbol key = Symbol.valueOf(e.getKey());
            if (e.getKey().startsWith("x-") && !a.containsKey(key) && !key.equals(JmsMapping.JMS_MSG_TYPE)
                    && !key.equals(JmsMapping.DELIVERY_DELAY)) {
                a.put(key, AmqpValues.toAmqp(e.getValue()));
            }
        }
        return a;
    }

    /** Queue or topic by routing type; temporary when the producer's {@code to} said so for this address. */
    private static byte toType(Message m) {
        boolean anycast = m.routingType() == RoutingType.ANYCAST;
        if (m.address().equals(m.annotations().get(JmsMapping.TEMPORARY_TO))) {
            return anycast ? JmsMapping.TEMP_QUEUE : JmsMapping.TEMP_TOPIC;
        }
        return anycast ? JmsMapping.QUEUE : JmsMapping.TOPIC;
    }

    private static Properties properties(Message m) {
        Properties p = new Properties();
        p.setMessageId(MessageIds.toAmqp(m.messageId()));
        if (m.userId() != null && !m.userId().isEmpty()) {
            p.setUserId(new Binary(m.userId().getBytes(StandardCharsets.UTF_8)));
        }
        p.setTo(m.address());
        p.setSubject(m.type());
        if (m.replyTo() != null) {
            p.setReplyTo(m.replyTo().address());
        }
        p.setCorrelationId(correlationId(m.correlationId()));
        String contentType = BodyEncoder.contentType(m);
        if (contentType != null) {
            p.setContentType(Symbol.valueOf(contentType));
        }
        if (m.annotations().get(JmsMapping.CONTENT_ENCODING) instanceof String encoding) {
            p.setContentEncoding(Symbol.valueOf(encoding));
        }
        if (m.expiration() != 0) {
            p.setAbsoluteExpiryTime(new Date(m.expiration()));
        }
        if (m.timestamp() != 0) {
            p.setCreationTime(new Date(m.timestamp()));
        }
        p.setGroupId(m.groupId());
        if (m.groupSequence() != 0) {
            // as Qpid JMS: a negative int wraps into the upper uint range
            p.setGroupSequence(UnsignedInteger.valueOf(m.groupSequence() & UINT_MAX));
        }
        if (m.annotations().get(JmsMapping.REPLY_TO_GROUP_ID) instanceof String group) {
            p.setReplyToGroupId(group);
        }
        return p;
    }

    /** A string is converted back to a typed id when it carries a Qpid JMS type prefix; a long is sent as ulong. */
    private static Object correlationId(Object id) {
        if (id instanceof String s) {
            return MessageIds.toAmqp(s);
        }
        if (id instanceof byte[] bytes) {
            return new Binary(bytes);
        }
        if (id instanceof Long l) {
            return UnsignedLong.valueOf(l);
        }
        return id instanceof UUID ? id : null;
    }
}
