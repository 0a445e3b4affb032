package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.UUID;

/**
 * What a CONNECT asks for (MQTT 3.1.1 §3.1, 5.0 §3.1), read once and checked against the {@link MqttOptions}: the
 * client id, the session, the client's own limits, the keep alive and the will. Immutable.
 *
 * @param version              the strategy of the protocol level
 * @param clientId             the client id, assigned by the server when the client sent none
 * @param assigned             the server assigned the client id (v5: Assigned Client Identifier in CONNACK)
 * @param cleanStart           clean session (3.1.1) / clean start (5.0)
 * @param sessionExpirySeconds how long the session outlives the connection (0: it ends with it)
 * @param persistence          how the session's subscriptions live
 * @param clientReceiveMaximum the client's Receive Maximum (5.0 §3.1.2.11.3), 65535 when absent
 * @param clientMaxPacketSize  the client's Maximum Packet Size (5.0 §3.1.2.11.4), 0 when absent
 * @param clientTopicAliasMax  the aliases the server may use towards the client: min(client's Topic Alias Maximum,
 *                             {@link MqttOptions#maxOutboundTopicAlias()}) (5.0 §3.1.2.11.5)
 * @param problemInformation   the client accepts reason strings (5.0 §3.1.2.11.7)
 * @param keepAliveSeconds     the keep alive in force (the v5 Server Keep Alive when the options impose one)
 * @param username             the user name, or null
 * @param password             the password, or null
 * @param will                 the will message, or null (3.1.1 §3.1.2.5, 5.0 §3.1.2.5)
 * @param willDelaySeconds     the v5 Will Delay Interval (5.0 §3.1.3.2.2), 0 in 3.1.1
 */
record ConnectParams(
        VersionStrategy version,
        String clientId,
        boolean assigned,
        boolean cleanStart,
        long sessionExpirySeconds,
        Broker.Persistence persistence,
        int clientReceiveMaximum,
        int clientMaxPacketSize,
        int clientTopicAliasMax,
        boolean problemInformation,
        int keepAliveSeconds,
        String username,
        byte[] password,
        PublishData will,
        long willDelaySeconds) {

    /** A CONNECT the server refuses before asking the broker. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient VersionStrategy version;
        final transient MqttConnectReturnCode code;
        final boolean problemInformation;

        Refused(VersionStrategy version, MqttConnectReturnCode code, String reason, boolean problemInformation) {
            super(reason, null, false, false);
            this.version = version;
            this.code = code;
            this.problemInformation = problemInformation;
        }
    }

    /**
     * Reads a CONNECT whose protocol level the decoder accepted (3, 4 or 5).
     *
     * @throws Refused for an empty client id a 3.1.1 server must reject, or an invalid will topic
     */
    static ConnectParams read(MqttConnectMessage connect, MqttOptions options) throws Refused {
        var header = connect.variableHeader();
        var payload = connect.payload();
        VersionStrategy version = VersionStrategy.forLevel(header.version());
        boolean v5 = version.isV5();
        boolean clean = header.isCleanSession();
        MqttProperties props = header.properties();
        long expiry;
        int receiveMaximum = 65535;
        int maxPacketSize = 0;
        int aliasMax = 0;
        boolean problemInformation = true;
        if (v5) {
            expiry = Math.min(options.maxSessionExpirySeconds(),
                    V5Properties.uintValue(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0));
            receiveMaximum = V5Properties.intValue(props, MqttPropertyType.RECEIVE_MAXIMUM, 65535);
            maxPacketSize = V5Properties.intValue(props, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0);
            aliasMax = Math.min(options.maxOutboundTopicAlias(),
                    V5Properties.intValue(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0));
            problemInformation = V5Properties.intValue(props, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) == 1;
        } else {
            expiry = clean ? 0 : options.defaultSessionExpirySeconds();
        }
        String id = payload.clientIdentifier() == null ? "" : payload.clientIdentifier();
        boolean assigned = false;
        if (id.isEmpty()) {
            if (!v5 && (!clean || header.version() == 3)) { // 3.1.1 §3.1.3.1 [MQTT-3.1.3-8]
                throw new Refused(version, version.identifierRejected(), "empty client id", problemInformation);
            }
            id = "ferry-" + UUID.randomUUID(); // 5.0 §3.1.3.1, 3.1.1 §3.1.3.1 [MQTT-3.1.3-6]
            assigned = true;
        }
        PublishData will = null;
        long willDelay = 0;
        if (header.isWillFlag()) {
            will = V5Properties.toPublishData(payload.willTopic(), header.willQos(), header.isWillRetain(),
                    payload.willMessageInBytes(), payload.willProperties(), v5);
            willDelay = v5 ? V5Properties.uintValue(payload.willProperties(), MqttPropertyType.WILL_DELAY_INTERVAL, 0)
                    : 0;
            if (!TopicNames.isValidTopicName(will.topic(), options.maxTopicLength(), options.maxTopicLevels())) {
                throw new Refused(version, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "invalid will topic",
                        problemInformation);
            }
        }
        Broker.Persistence persistence = expiry > 0
                ? new Broker.Persistence(true, expiry * 1000, options.maxQueuedMessages())
                : Broker.Persistence.TRANSIENT;
        int keepAlive = options.serverKeepAliveSeconds() > 0 && v5
                ? options.serverKeepAliveSeconds() : header.keepAliveTimeSeconds();
        return new ConnectParams(version, id, assigned, clean, expiry, persistence, receiveMaximum, maxPacketSize,
                aliasMax, problemInformation, keepAlive, header.hasUserName() ? payload.userName() : null,
                header.hasPassword() ? payload.passwordInBytes() : null, will, willDelay);
    }

    /** The CONNACK properties of an accepted v5 connection (5.0 §3.2.2.3). */
    MqttProperties connAckProperties(MqttOptions options, int maxPacketSize) {
        MqttProperties p = new MqttProperties();
        if (assigned) {
            p.add(new MqttProperties.StringProperty(MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), clientId));
        }
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(),
                options.serverReceiveMaximum()));
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), maxPacketSize));
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(),
                options.maxTopicAlias()));
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                (int) sessionExpirySeconds));
        if (options.serverKeepAliveSeconds() > 0) {
            p.add(new MqttProperties.IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(),
                    options.serverKeepAliveSeconds()));
        }
        return p;
    }

    /**
     * These parameters for a connection that resumes an existing session although it asked for a Session Expiry
     * Interval of 0 (5.0 §3.1.2.4: Clean Start 0 resumes the session; §3.1.2.11.2: with 0 the session ends when the
     * network connection closes). The session's subscriptions stay durable while connected, so they reattach to
     * their queued messages, with an expiry of 0: they are deleted as soon as the connection ends.
     */
    ConnectParams resumedUntilClose(MqttOptions options) {
        return new ConnectParams(version, clientId, assigned, cleanStart, sessionExpirySeconds,
                new Broker.Persistence(true, 0, options.maxQueuedMessages()), clientReceiveMaximum,
                clientMaxPacketSize, clientTopicAliasMax, problemInformation, keepAliveSeconds, username, password,
                will, willDelaySeconds);
    }

    /** The outbound in-flight window: the options' window capped by the client's Receive Maximum (5.0 §4.9). */
    int outboundWindow(MqttOptions options) {
        return Math.min(options.outboundWindow(), clientReceiveMaximum);
    }
}
