package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * What differs between MQTT 3.1/3.1.1 and 5.0 on the wire: return and reason codes, properties, and how the server
 * ends a connection. One instance per version; stateless.
 */
interface VersionStrategy {

    /** Whether packets carry v5 properties and reason codes. */
    boolean isV5();

    /** The CONNACK code refusing a connection for {@code failure}. */
    MqttConnectReturnCode refusal(Failure failure);

    /** The CONNACK code for a client identifier the server rejects (3.1.1 §3.1.3.1, 5.0 §3.1.3.1). */
    MqttConnectReturnCode identifierRejected();

    /** The SUBACK return code refusing one filter (3.1.1 §3.9.3 0x80; 5.0 §3.9.3 reason codes). */
    int subAckFailure(Failure failure);

    /** The PUBACK/PUBREC reason code refusing a publication; only meaningful when {@link #isV5()}. */
    int publishFailure(Failure failure);

    /**
     * The server closes the connection with {@code reasonCode} (v5 DISCONNECT, 5.0 §3.14.2.1; 3.1.1 has no server
     * DISCONNECT and just closes, §4.13).
     */
    void disconnect(PacketWriter out, int reasonCode, String reason);

    /** Adds a reason string when the client allows it (5.0 §3.1.2.11.7); nothing in 3.1.1. */
    MqttProperties reasonProperties(String reason, boolean problemInformation);

    /** The strategy for a CONNECT's protocol level (3, 4 or 5), or null when unsupported. */
    static VersionStrategy forLevel(int level) {
        return switch (level) {
            case 3, 4 -> Mqtt3Strategy.INSTANCE;
            case 5 -> Mqtt5Strategy.INSTANCE;
            default -> null;
        };
    }
}
