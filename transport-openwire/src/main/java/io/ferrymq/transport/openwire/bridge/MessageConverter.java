package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.Schedule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.InflaterInputStream;
import org.apache.activemq.command.ActiveMQBytesMessage;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMapMessage;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQObjectMessage;
import org.apache.activemq.command.ActiveMQStreamMessage;
import org.apache.activemq.command.ActiveMQTextMessage;
import org.apache.activemq.util.ByteSequence;
import org.apache.activemq.util.MarshallingSupport;

/**
 * OpenWire messages to engine messages and back, once, at the edge. Body kinds: TextMessage = text, BytesMessage =
 * bytes, MapMessage = map, StreamMessage = list, ObjectMessage = object (the serialized bytes, never deserialized),
 * plain Message = empty; compressed bodies are inflated on the way in. Headers map onto the engine's JMS-named
 * fields, properties onto application properties. Stateless.
 *
 * <p>A TextMessage without text and an ObjectMessage without object have an empty body too, marked with the
 * {@link #JMS_MSG_TYPE} annotation the AMQP transport keeps for the same bodies, so that they reach an OpenWire or
 * AMQP consumer as the JMS type they were sent as (JMS 1.1 §3.11: a message's type is fixed when it is created,
 * whether or not a body is set; ActiveMQ and Artemis deliver them so).
 */
final class MessageConverter {

    /** ActiveMQ's scheduler properties (org.apache.activemq.ScheduledMessage). */
    static final String SCHEDULED_DELAY = "AMQ_SCHEDULED_DELAY";
    static final String SCHEDULED_PERIOD = "AMQ_SCHEDULED_PERIOD";
    static final String SCHEDULED_REPEAT = "AMQ_SCHEDULED_REPEAT";
    static final String SCHEDULED_CRON = "AMQ_SCHEDULED_CRON";

    /**
     * The engine annotation that names the JMS message type of an empty body: the AMQP JMS Mapping's
     * {@code x-opt-jms-msg-type} as the AMQP transport stores it, a byte ({@link #OBJECT_MESSAGE},
     * {@link #TEXT_MESSAGE}).
     */
    static final String JMS_MSG_TYPE = "x-opt-jms-msg-type";
    static final byte OBJECT_MESSAGE = 1;
    static final byte TEXT_MESSAGE = 5;

    private MessageConverter() {
    }

    /** The engine message for a message an OpenWire producer sent. */
    static Message toEngine(ActiveMQMessage m) throws IOException {
        ActiveMQDestination destination = m.getDestination();
        Message.Builder b = Message.builder()
                .messageId(m.getMessageId() == null ? null : m.getMessageId().toString())
                .address(Destinations.address(destination))
                .routingType(Destinations.routingType(destination))
                .durable(m.isPersistent())
                .priority(m.getPriority())
                .timestamp(m.getTimestamp())
                .expiration(m.getExpiration())
                .correlationId(m.getCorrelationId())
                .type(m.getType())
                .userId(m.getUserID())
                .groupId(m.getGroupID())
                .groupSequence(m.getGroupSequence())
                .body(body(m));
        if (m.getReplyTo() != null) {
            b.replyTo(Destinations.toEngine(m.getReplyTo()));
        }
        Byte emptyType = emptyBodyType(m);
        if (emptyType != null) {
            b.body(Body.EMPTY).annotation(JMS_MSG_TYPE, emptyType);
        }
        for (Map.Entry<String, Object> e : m.getProperties().entrySet()) {
            b.property(e.getKey(), propertyValue(e.getValue()));
        }
        long delay = longProperty(m, SCHEDULED_DELAY);
        if (delay > 0 && schedule(m) == null) {
            long base = m.getTimestamp() > 0 ? m.getTimestamp() : System.currentTimeMillis();
            b.deliveryTime(base + delay);
        }
        return b.build();
    }

    /**
     * The schedule the message asks for with {@code AMQ_SCHEDULED_PERIOD}, {@code AMQ_SCHEDULED_REPEAT} or
     * {@code AMQ_SCHEDULED_CRON} (with {@code AMQ_SCHEDULED_DELAY}), or null when it has none of them: a message with
     * only a delay is sent with a delivery time instead. Numbers may arrive as numbers or strings, as ActiveMQ allows.
     *
     * @throws IllegalArgumentException for a value that is not a number, or negative
     */
    static Schedule schedule(ActiveMQMessage m) throws IOException {
        Map<String, Object> p = m.getProperties();
        Object cron = p.get(SCHEDULED_CRON);
        boolean scheduled = p.containsKey(SCHEDULED_PERIOD) || p.containsKey(SCHEDULED_REPEAT)
                || (cron != null && !cron.toString().isBlank());
        if (!scheduled) {
            return null;
        }
        return new Schedule(Math.max(0, longProperty(m, SCHEDULED_DELAY)), Math.max(0, longProperty(m,
                SCHEDULED_PERIOD)), (int) Math.max(0, longProperty(m, SCHEDULED_REPEAT)),
                cron == null ? null : cron.toString().trim());
    }

    private static long longProperty(ActiveMQMessage m, String name) throws IOException {
        Object v = m.getProperties().get(name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + v);
        }
    }

    /** {@link #TEXT_MESSAGE} for a TextMessage without text, {@link #OBJECT_MESSAGE} for an ObjectMessage without
     *  object, otherwise null. */
    private static Byte emptyBodyType(ActiveMQMessage m) throws IOException {
        try {
            if (m instanceof ActiveMQTextMessage t && t.getText() == null) {
                return TEXT_MESSAGE;
            }
        } catch (Exception e) {
            throw new IOException("cannot read the body of " + m.getMessageId() + ": " + e.getMessage(), e);
        }
        if (m instanceof ActiveMQObjectMessage && (m.getContent() == null || m.getContent().length == 0)) {
            return OBJECT_MESSAGE;
        }
        return null;
    }

    private static Body body(ActiveMQMessage m) throws IOException {
        try {
            if (m instanceof ActiveMQTextMessage t) {
                String text = t.getText();
                return text == null ? Body.EMPTY : Body.text(text);
            }
            if (m instanceof ActiveMQMapMessage map) {
                Map<String, Object> values = new LinkedHashMap<>();
                map.getContentMap().forEach((k, v) -> values.put(k, propertyValue(v)));
                return Body.map(values);
            }
        } catch (Exception e) {
            throw new IOException("cannot read the body of " + m.getMessageId() + ": " + e.getMessage(), e);
        }
        ByteSequence content = m.getContent();
        if (m instanceof ActiveMQBytesMessage) {
            return Body.bytes(bytesContent(content, m.isCompressed()));
        }
        if (m instanceof ActiveMQObjectMessage) {
            return Body.object(inflated(content, m.isCompressed()));
        }
        if (m instanceof ActiveMQStreamMessage) {
            List<Object> values = new ArrayList<>();
            byte[] data = inflated(content, m.isCompressed());
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                while (in.available() > 0) {
                    values.add(propertyValue(MarshallingSupport.unmarshalPrimitive(in)));
                }
            } catch (EOFException end) {
                // the last element ended the stream
            }
            return Body.list(values);
        }
        return Body.EMPTY;
    }

    /** A BytesMessage's content; compressed: a 4-byte big-endian length then deflated data (ActiveMQBytesMessage). */
    private static byte[] bytesContent(ByteSequence content, boolean compressed) throws IOException {
        if (content == null) {
            return new byte[0];
        }
        if (!compressed) {
            return copy(content);
        }
        if (content.length < 4) {
            return new byte[0];
        }
        InputStream in = new InflaterInputStream(
                new ByteArrayInputStream(content.data, content.offset + 4, content.length - 4));
        return in.readAllBytes();
    }

    /** The content of the other message types; compressed: deflated as a whole. */
    private static byte[] inflated(ByteSequence content, boolean compressed) throws IOException {
        if (content == null) {
            return new byte[0];
        }
        if (!compressed) {
            return copy(content);
        }
        return new InflaterInputStream(new ByteArrayInputStream(content.data, content.offset, content.length))
                .readAllBytes();
    }

    private static byte[] copy(ByteSequence s) {
        byte[] out = new byte[s.length];
        System.arraycopy(s.data, s.offset, out, 0, s.length);
        return out;
    }

    private static Object propertyValue(Object v) {
        if (v == null || v instanceof String || v instanceof Number && !(v instanceof java.math.BigDecimal
                || v instanceof java.math.BigInteger) || v instanceof Boolean || v instanceof Character
                || v instanceof byte[]) {
            return v;
        }
        return v.toString();
    }

    /**
     * The OpenWire message for an engine message; the caller sets the message id, destination and redelivery
     * counter.
     */
    static ActiveMQMessage toOpenWire(Message m) throws IOException {
        ActiveMQMessage out = m.body().kind() == Body.Kind.EMPTY ? emptyMessage(m) : newMessage(m.body());
        out.setPersistent(m.durable());
        out.setPriority((byte) m.priority());
        out.setTimestamp(m.timestamp());
        out.setExpiration(m.expiration());
        out.setCorrelationId(correlationId(m.correlationId()));
        if (m.replyTo() != null) {
            out.setReplyTo(Destinations.fromEngine(m.replyTo()));
        }
        out.setType(m.type());
        out.setUserID(m.userId());
        out.setGroupID(m.groupId());
        out.setGroupSequence(m.groupSequence());
        for (Map.Entry<String, Object> e : m.properties().entrySet()) {
            Object v = e.getValue();
            out.setProperty(e.getKey(), v instanceof UUID ? v.toString() : v);
        }
        return out;
    }

    private static String correlationId(Object c) {
        if (c == null || c instanceof String) {
            return (String) c;
        }
        if (c instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return c.toString();
    }

    /** The message class of an empty body: the one its {@link #JMS_MSG_TYPE} names, else a plain message. */
    private static ActiveMQMessage emptyMessage(Message m) {
        Object type = m.annotations().get(JMS_MSG_TYPE);
        if (type instanceof Number n && n.intValue() == TEXT_MESSAGE) {
            return new ActiveMQTextMessage();
        }
        if (type instanceof Number n && n.intValue() == OBJECT_MESSAGE) {
            return new ActiveMQObjectMessage();
        }
        return new ActiveMQMessage();
    }

    private static ActiveMQMessage newMessage(Body body) throws IOException {
        switch (body.kind()) {
            case TEXT -> {
                ActiveMQTextMessage t = new ActiveMQTextMessage();
                try {
                    t.setText(((Body.Text) body).text());
                } catch (Exception e) {
                    throw new IOException(e);
                }
                return t;
            }
            case BYTES -> {
                ActiveMQBytesMessage b = new ActiveMQBytesMessage();
                b.setContent(new ByteSequence(((Body.Bytes) body).data()));
                return b;
            }
            case OBJECT -> {
                ActiveMQObjectMessage o = new ActiveMQObjectMessage();
                byte[] serialized = ((Body.ObjectBody) body).serialized();
                if (serialized.length > 0) { // no content: getObject() is null instead of failing to deserialize
                    o.setContent(new ByteSequence(serialized));
                }
                return o;
            }
            case MAP -> {
                ActiveMQMapMessage map = new ActiveMQMapMessage();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    ((Body.MapBody) body).map().forEach((k, v) -> values.put(k, v instanceof UUID ? v.toString() : v));
                    MarshallingSupport.marshalPrimitiveMap(values, out);
                }
                map.setContent(new ByteSequence(bytes.toByteArray()));
                return map;
            }
            case LIST -> {
                ActiveMQStreamMessage stream = new ActiveMQStreamMessage();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    for (Object v : ((Body.ListBody) body).list()) {
                        MarshallingSupport.marshalPrimitive(out, v instanceof UUID ? v.toString() : v);
                    }
                }
                stream.setContent(new ByteSequence(bytes.toByteArray()));
                return stream;
            }
            default -> {
                return new ActiveMQMessage();
            }
        }
    }

    /** The routing type a consumer destination implies. */
    static RoutingType routingType(ActiveMQDestination d) {
        return Destinations.routingType(d);
    }
}
