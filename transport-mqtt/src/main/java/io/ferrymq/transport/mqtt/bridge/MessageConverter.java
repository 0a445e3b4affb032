package io.ferrymq.transport.mqtt.bridge;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.transport.mqtt.PublishData;
import io.ferrymq.transport.mqtt.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts an MQTT publication to the core message and back (docs/message-mapping.md). The payload is a bytes body
 * any protocol reads; v5 user properties are application properties; MQTT-only facts are {@code mqtt.*}
 * annotations. Stateless; thread safe.
 */
public final class MessageConverter {

    /** The QoS the message was published with (int). */
    public static final String QOS = "mqtt.qos";
    /** The RETAIN flag it was published with (boolean), for Retain As Published (5.0 §3.8.3.1). */
    public static final String RETAIN = "mqtt.retain";
    /** The v5 Payload Format Indicator (int). */
    public static final String PAYLOAD_FORMAT = "mqtt.payloadFormat";

    private MessageConverter() {
    }

    /** The core message of a publication: multicast to the topic's address, durable at QoS 1 and 2. */
    public static Message toMessage(PublishData p) {
        Message.Builder b = Message.builder()
                .address(TopicNames.toAddress(p.topic()))
                .routingType(RoutingType.MULTICAST)
                .durable(p.qos() > 0)
                .timestamp(System.currentTimeMillis())
                .expiration(p.expiresAt())
                .contentType(p.contentType())
                .annotation(QOS, p.qos())
                .body(p.payload().length == 0 ? Body.EMPTY : Body.bytes(p.payload()));
        if (p.retain()) {
            b.annotation(RETAIN, true);
        }
        if (p.payloadFormat() != null) {
            b.annotation(PAYLOAD_FORMAT, p.payloadFormat());
        }
        if (p.responseTopic() != null) {
            b.replyTo(Destination.topic(TopicNames.toAddress(p.responseTopic())));
        }
        if (p.correlationData() != null) {
            b.correlationId(p.correlationData());
        }
        for (Map.Entry<String, String> e : p.userProperties()) {
            b.property(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /**
     * The publication of a core message, from any protocol. Bodies without a byte form (map, list) become empty
     * payloads; non-string properties become their string form.
     */
    public static PublishData toPublish(Message m) {
        byte[] payload = m.body().toBytes();
        if (payload == null) {
            payload = new byte[0];
        }
        Object qos = m.annotations().get(QOS);
        int q = qos instanceof Number n ? n.intValue() : (m.durable() ? 1 : 0);
        boolean retain = Boolean.TRUE.equals(m.annotations().get(RETAIN));
        Object format = m.annotations().get(PAYLOAD_FORMAT);
        Object corr = m.correlationId();
        byte[] correlation = corr == null ? null
                : corr instanceof byte[] bytes ? bytes : corr.toString().getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> props = new ArrayList<>(m.properties().size());
        m.properties().forEach((k, v) -> props.add(Map.entry(k,
                v instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(v))));
        return new PublishData(TopicNames.toTopic(m.address()), q, retain, payload, m.expiration(), m.contentType(),
                format instanceof Number n ? n.intValue() : null,
                m.replyTo() == null ? null : TopicNames.toTopic(m.replyTo().address()), correlation, props);
    }
}
