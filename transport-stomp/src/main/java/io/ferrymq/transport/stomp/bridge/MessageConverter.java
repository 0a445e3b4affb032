package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.transport.stomp.StompFrame;
import io.ferrymq.transport.stomp.StompProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * STOMP frames to engine messages and back, once, at the edge (ActiveMQ's STOMP conventions, so JMS clients of
 * the OpenWire transport see what ActiveMQ would give them):
 *
 * <ul>
 *   <li>Body: a SEND with {@code content-length} is {@link Body.Kind#BYTES} (a JMS BytesMessage), without it
 *       {@link Body.Kind#TEXT} (a TextMessage, the body read as UTF-8); ActiveMQ's {@code amq-msg-type:text}
 *       or {@code amq-msg-type:bytes} header overrides that (for clients that always send content-length). A
 *       MESSAGE always carries {@code content-length}: text as UTF-8, bytes and serialized objects as they are,
 *       map and list bodies as their text rendering.</li>
 *   <li>Headers: {@code persistent} = durable, {@code priority}, {@code expires} (absolute ms, ActiveMQ) or
 *       {@code expiration} (a time to live in ms, RabbitMQ), {@code timestamp},
 *       {@code correlation-id}, {@code reply-to}, {@code type} (JMSType), {@code content-type}, {@code JMSXGroupID}
 *       and {@code JMSXGroupSeq}, {@code AMQ_SCHEDULED_DELAY} (a delivery delay); every other header is a string
 *       application property, and every application property comes back as a header.</li>
 * </ul>
 *
 * <p>Stateless.
 */
final class MessageConverter {

    /** SEND headers that are frame control, not message content. */
    private static final Set<String> CONTROL = Set.of("destination", "content-length", "receipt", "transaction",
            "message-id", "subscription", "ack", "redelivered", "login", "passcode", "amq-msg-type");

    private MessageConverter() {
    }

    /**
     * The engine message for a SEND frame.
     *
     * @param target where it goes
     * @param replyTo the parsed reply-to, or null
     * @param messageId the id the broker gives it
     * @throws StompProtocolException for a header value that is not a number where one is needed
     */
    static Message toEngine(StompFrame frame, Destinations.Target target, Destination replyTo, String messageId,
            long now) {
        Message.Builder b = Message.builder()
                .messageId(messageId)
                .address(target.address())
                .routingType(target.routingType())
                .timestamp(now)
                .replyTo(replyTo);
        String contentLength = frame.header("content-length");
        String messageType = frame.header("amq-msg-type");
        boolean bytes = messageType == null ? contentLength != null : messageType.equals("bytes");
        if (bytes) {
            b.body(Body.bytes(frame.body()));
        } else {
            b.body(Body.text(new String(frame.body(), StandardCharsets.UTF_8)));
        }
        for (StompFrame.Header h : frame.headers()) {
            String name = h.name();
            String value = h.value();
            if (CONTROL.contains(name) || name.equals("reply-to")) {
                continue;
            }
            if (frame.header(name) != value) {
                continue; // a repeated header: only the first counts
            }
            switch (name) {
                case "persistent" -> b.durable(Boolean.parseBoolean(value.trim()));
                case "priority" -> b.priority((int) number(name, value));
                case "expires" -> b.expiration(number(name, value));
                case "expiration" -> {
                    long ttl = number(name, value); // RabbitMQ: a time to live in ms
                    b.expiration(ttl > 0 ? now + ttl : 0);
                }
                case "timestamp" -> b.timestamp(number(name, value));
                case "correlation-id" -> b.correlationId(value);
                case "type" -> b.type(value);
                case "content-type" -> b.contentType(value);
                case "JMSXGroupID" -> b.groupId(value);
                case "JMSXGroupSeq" -> b.groupSequence((int) number(name, value));
                case "AMQ_SCHEDULED_DELAY" -> {
                    long delay = number(name, value);
                    if (delay > 0) {
                        b.deliveryTime(now + delay);
                    }
                }
                default -> b.property(name, value);
            }
        }
        return b.build();
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                    "header " + name + " is not a number: '" + value + "'");
        }
    }

    /**
     * The MESSAGE frame for a delivery.
     *
     * @param destination the STOMP name of the message's destination
     * @param replyTo the STOMP name of its reply-to, or null
     * @param messageId the message-id header
     * @param subscription the subscription header, or null (a 1.0 SUBSCRIBE without id)
     * @param ack the ack header, or null
     */
    static StompFrame toStomp(Delivery delivery, String destination, String replyTo, String messageId,
            String subscription, String ack) {
        Message m = delivery.message();
        StompFrame f = new StompFrame(StompFrame.MESSAGE)
                .header("destination", destination)
                .header("message-id", messageId)
                .header("subscription", subscription)
                .header("ack", ack);
        byte[] body = body(m.body());
        f.header("content-length", Integer.toString(body.length));
        f.header("content-type", m.contentType());
        if (m.durable()) {
            f.header("persistent", "true");
        }
        f.header("priority", Integer.toString(m.priority()));
        f.header("expires", Long.toString(m.expiration()));
        f.header("timestamp", Long.toString(m.timestamp()));
        if (delivery.redelivered()) {
            f.header("redelivered", "true");
        }
        Object correlation = m.correlationId();
        if (correlation != null) {
            f.header("correlation-id", correlation instanceof byte[] bytes ? HexFormat.of().formatHex(bytes)
                    : correlation.toString());
        }
        f.header("reply-to", replyTo);
        f.header("type", m.type());
        f.header("JMSXGroupID", m.groupId());
        if (m.groupId() != null && m.groupSequence() != 0) {
            f.header("JMSXGroupSeq", Integer.toString(m.groupSequence()));
        }
        for (Map.Entry<String, Object> e : m.properties().entrySet()) {
            if (f.header(e.getKey()) == null) {
                Object v = e.getValue();
                f.header(e.getKey(), v instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(v));
            }
        }
        return f.body(body);
    }

    private static byte[] body(Body body) {
        byte[] bytes = body.toBytes();
        if (bytes != null) {
            return bytes;
        }
        Object content = body instanceof Body.MapBody map ? map.map() : ((Body.ListBody) body).list();
        return String.valueOf(content).getBytes(StandardCharsets.UTF_8);
    }
}
