package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;

/** MQTT 5.0 (level 5). */
final class Mqtt5Strategy implements VersionStrategy {

    static final Mqtt5Strategy INSTANCE = new Mqtt5Strategy();

    private Mqtt5Strategy() {
    }

    @Override
    public boolean isV5() {
        return true;
    }

    @Override
    public MqttConnectReturnCode refusal(Failure failure) {
        // MQTT 5.0 §3.2.2.2
        return switch (failure) {
            case BAD_CREDENTIALS -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5;
            case QUOTA_EXCEEDED -> MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED;
            case UNAVAILABLE -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5;
            default -> MqttConnectReturnCode.CONNECTION_REFUSED_UNSPECIFIED_ERROR;
        };
    }

    @Override
    public MqttConnectReturnCode identifierRejected() {
        return MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID;
    }

    @Override
    public int subAckFailure(Failure failure) {
        return publishFailure(failure) == 0x90 ? 0x8F : publishFailure(failure); // 5.0 §3.9.3
    }

    @Override
    public int publishFailure(Failure failure) {
        // MQTT 5.0 §3.4.2.1
        return switch (failure) {
            case NOT_AUTHORIZED, BAD_CREDENTIALS -> 0x87;
            case QUOTA_EXCEEDED -> 0x97;
            case TOPIC_INVALID -> 0x90;
            default -> 0x80;
        };
    }

    @Override
    public void disconnect(PacketWriter out, int reasonCode, String reason) {
        out.write(MqttMessageBuilders.disconnect().reasonCode((byte) reasonCode)
                .properties(reasonProperties(reason, true)).build());
        out.close();
    }

    @Override
    public MqttProperties reasonProperties(String reason, boolean problemInformation) {
        if (reason == null || !problemInformation) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        return p;
    }
}
