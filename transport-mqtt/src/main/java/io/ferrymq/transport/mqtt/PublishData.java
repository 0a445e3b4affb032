package io.ferrymq.transport.mqtt;

import java.util.List;
import java.util.Map;

/**
 * One application message as MQTT sees it, without packet-level fields (packet id, DUP, topic alias): what the
 * protocol side hands the broker and gets back. Immutable by convention: the arrays are not copied, never modify
 * them.
 *
 * @param topic            the MQTT topic name (levels separated by {@code /})
 * @param qos              0, 1 or 2 as published
 * @param retain           the RETAIN flag
 * @param payload          the application message
 * @param expiresAt        when the message expires, ms since the epoch, or 0 for never (MQTT 5.0 §3.3.2.3.3)
 * @param contentType      the v5 Content Type, or null (5.0 §3.3.2.3.9)
 * @param payloadFormat    the v5 Payload Format Indicator, or null when absent (5.0 §3.3.2.3.2)
 * @param responseTopic    the v5 Response Topic, or null (5.0 §3.3.2.3.5)
 * @param correlationData  the v5 Correlation Data, or null (5.0 §3.3.2.3.6)
 * @param userProperties   the v5 User Properties in order (5.0 §3.3.2.3.7)
 */
public record PublishData(
        String topic,
        int qos,
        boolean retain,
        byte[] payload,
        long expiresAt,
        String contentType,
        Integer payloadFormat,
        String responseTopic,
        byte[] correlationData,
        List<Map.Entry<String, String>> userProperties) {

    /** A plain message without v5 properties. */
    public static PublishData of(String topic, int qos, boolean retain, byte[] payload) {
        return new PublishData(topic, qos, retain, payload, 0, null, null, null, null, List.of());
    }

    /** A copy with other QoS and RETAIN flag. */
    public PublishData with(int newQos, boolean newRetain) {
        return new PublishData(topic, newQos, newRetain, payload, expiresAt, contentType, payloadFormat,
                responseTopic, correlationData, userProperties);
    }

    /** Whether the message has expired at {@code now}. */
    public boolean expired(long now) {
        return expiresAt != 0 && expiresAt <= now;
    }
}
