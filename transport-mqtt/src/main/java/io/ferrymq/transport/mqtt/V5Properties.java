package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and writes the MQTT 5 properties of PUBLISH and CONNECT (5.0 §2.2.2.2, §3.3.2.3). Stateless. */
final class V5Properties {

    private V5Properties() {
    }

    /** An integer property, or {@code absent}. */
    static int intValue(MqttProperties props, MqttPropertyType type, int absent) {
        MqttProperties.MqttProperty<?> p = props == null ? null : props.getProperty(type.value());
        return p != null && p.value() instanceof Integer i ? i : absent;
    }

    /** A long-valued integer property (four byte integers are unsigned), or {@code absent}. */
    static long uintValue(MqttProperties props, MqttPropertyType type, long absent) {
        MqttProperties.MqttProperty<?> p = props == null ? null : props.getProperty(type.value());
        return p != null && p.value() instanceof Integer i ? Integer.toUnsignedLong(i) : absent;
    }

    static String stringValue(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props == null ? null : props.getProperty(type.value());
        return p != null && p.value() instanceof String s ? s : null;
    }

    static byte[] binaryValue(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props == null ? null : props.getProperty(type.value());
        return p != null && p.value() instanceof byte[] b ? b : null;
    }

    /** A publication of an inbound PUBLISH or will (topic alias already resolved). */
    static PublishData toPublishData(String topic, int qos, boolean retain, byte[] payload, MqttProperties props,
            boolean v5) {
        if (!v5 || props == null) {
            return PublishData.of(topic, qos, retain, payload);
        }
        long expiry = uintValue(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1);
        int format = intValue(props, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, -1);
        List<Map.Entry<String, String>> users = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> p : props.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
            if (p instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    users.add(Map.entry(pair.key, pair.value));
                }
            } else if (p instanceof MqttProperties.UserProperty up) {
                users.add(Map.entry(up.value().key, up.value().value));
            }
        }
        return new PublishData(topic, qos, retain, payload,
                expiry < 0 ? 0 : System.currentTimeMillis() + expiry * 1000,
                stringValue(props, MqttPropertyType.CONTENT_TYPE), format < 0 ? null : format,
                stringValue(props, MqttPropertyType.RESPONSE_TOPIC),
                binaryValue(props, MqttPropertyType.CORRELATION_DATA), users);
    }

    /** Adds a publication's v5 properties to an outbound PUBLISH (5.0 §3.3.2.3). */
    static void addPublishProperties(MqttProperties props, PublishData d, int subscriptionId) {
        if (d.expiresAt() != 0) {
            long remaining = Math.max(1, (d.expiresAt() - System.currentTimeMillis() + 999) / 1000);
            props.add(new MqttProperties.IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(),
                    (int) Math.min(remaining, 0xFFFFFFFFL)));
        }
        if (d.payloadFormat() != null) {
            props.add(new MqttProperties.IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(),
                    d.payloadFormat()));
        }
        if (d.contentType() != null) {
            props.add(new MqttProperties.StringProperty(MqttPropertyType.CONTENT_TYPE.value(), d.contentType()));
        }
        if (d.responseTopic() != null) {
            props.add(new MqttProperties.StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), d.responseTopic()));
        }
        if (d.correlationData() != null) {
            props.add(new MqttProperties.BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(),
                    d.correlationData()));
        }
        if (!d.userProperties().isEmpty()) {
            List<MqttProperties.StringPair> pairs = new ArrayList<>();
            for (Map.Entry<String, String> e : d.userProperties()) {
                pairs.add(new MqttProperties.StringPair(e.getKey(), e.getValue()));
            }
            props.add(new MqttProperties.UserProperties(pairs));
        }
        if (subscriptionId > 0) {
            props.add(new MqttProperties.IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(),
                    subscriptionId));
        }
    }
}
