package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;

/** MQTT 3.1 (level 3) and 3.1.1 (level 4). */
final class Mqtt3Strategy implements VersionStrategy {

    static final Mqtt3Strategy INSTANCE = new Mqtt3Strategy();

    private Mqtt3Strategy() {
    }

    @Override
    public boolean isV5() {
        return false;
    }

    @Override
    public MqttConnectReturnCode refusal(Failure failure) {
        // MQTT 3.1.1 §3.2.2.3 Table 3.1
        return switch (failure) {
            case BAD_CREDENTIALS -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            default -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    @Override
    public MqttConnectReturnCode identifierRejected() {
        return MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
    }

    @Override
    public int subAckFailure(Failure failure) {
        return 0x80; // MQTT 3.1.1 §3.9.3
    }

    @Override
    public int publishFailure(Failure failure) {
        return 0;
    }

    @Override
    public void disconnect(PacketWriter out, int reasonCode, String reason) {
        out.close(); // MQTT 3.1.1 §4.8: the server closes the network connection
    }

    @Override
    public MqttProperties reasonProperties(String reason, boolean problemInformation) {
        return MqttProperties.NO_PROPERTIES;
    }
}
