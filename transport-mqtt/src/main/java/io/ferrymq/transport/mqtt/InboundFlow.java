package io.ferrymq.transport.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Client-to-server publications: topic aliases (5.0 §3.3.2.3.4), the server's Receive Maximum (5.0 §3.3.4), and
 * the QoS 1 and QoS 2 flows (3.1.1 §4.3, 5.0 §4.3). A PUBACK or PUBREC goes out only when the broker has routed the
 * message and synced it if durable, and acknowledgements keep the order of the publications (3.1.1 §4.6). QoS 2
 * packet ids awaiting PUBREL are kept in the session state of a persistent session, so a resent PUBLISH after a
 * reconnect or a broker restart is not routed twice.
 *
 * <p>Not thread safe: confined to the connection's event loop.
 */
final class InboundFlow {

    /** What the flow needs from the session that owns it. */
    interface Owner {
        /** Ends the connection for a protocol violation with a v5 reason code. */
        void protocolError(int reasonCode, String reason);

        /** Whether the session is still open. */
        boolean isOpen();
    }

    private final PacketWriter out;
    private final VersionStrategy version;
    private final Broker.Session broker;
    private final MqttOptions options;
    private final Owner owner;
    private final boolean persistent;
    private final Map<Integer, String> aliases = new HashMap<>();
    private final Set<Integer> awaitingRel = new HashSet<>();
    private final ArrayDeque<Ack> acks = new ArrayDeque<>();
    private int inflight;

    InboundFlow(PacketWriter out, VersionStrategy version, Broker.Session broker, MqttOptions options, Owner owner,
            boolean persistent, Set<Integer> restoredRel) {
        this.out = out;
        this.version = version;
        this.broker = broker;
        this.options = options;
        this.owner = owner;
        this.persistent = persistent;
        this.awaitingRel.addAll(restoredRel);
    }

    /** One acknowledgement in publication order; sent when the broker is done with the message. */
    private static final class Ack {
        final MqttMessageType type;
        final int id;
        int reasonCode = -1;

        Ack(MqttMessageType type, int id) {
            this.type = type;
            this.id = id;
        }
    }

    void onPublish(MqttPublishMessage msg) {
        String topic = msg.variableHeader().topicName();
        MqttProperties props = msg.variableHeader().properties();
        if (version.isV5()) {
            int alias = V5Properties.intValue(props, MqttProperties.MqttPropertyType.TOPIC_ALIAS, 0);
            if (alias != 0 || props.getProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value()) != null) {
                if (alias <= 0 || alias > options.maxTopicAlias()) { // 5.0 §3.3.2.3.4
                    owner.protocolError(0x94, "topic alias " + alias + " out of range");
                    return;
                }
                if (topic.isEmpty()) {
                    topic = aliases.get(alias);
                    if (topic == null) {
                        owner.protocolError(0x82, "unknown topic alias " + alias);
                        return;
                    }
                } else {
                    aliases.put(alias, topic);
                }
            }
        }
        if (!TopicNames.isValidTopicName(topic, options.maxTopicLength(), options.maxTopicLevels())) {
            owner.protocolError(0x90, "invalid topic name"); // 3.1.1 §4.7.3, 5.0 §3.3.2.1
            return;
        }
        int qos = msg.fixedHeader().qosLevel().value();
        int id = msg.variableHeader().packetId();
        PublishData data = V5Properties.toPublishData(topic, qos, msg.fixedHeader().isRetain(),
                ByteBufUtil.getBytes(msg.payload()), props, version.isV5());
        if (qos == 0) {
            broker.publish(data);
            return;
        }
        if (qos == 2 && awaitingRel.contains(id)) {
            // 3.1.1 §4.3.3 method B: a resent PUBLISH (after a reconnect too) is not routed again; it is still
            // counted in the Receive Maximum until its PUBREL
            Ack ack = new Ack(MqttMessageType.PUBREC, id);
            ack.reasonCode = 0;
            acks.add(ack);
            drainAcks();
            return;
        }
        if (++inflight > options.serverReceiveMaximum() && version.isV5()) {
            owner.protocolError(0x93, "receive maximum exceeded"); // 5.0 §3.3.4
            return;
        }
        if (qos == 1) {
            Ack ack = new Ack(MqttMessageType.PUBACK, id);
            acks.add(ack);
            broker.publish(data).whenComplete((routed, t) -> {
                inflight--;
                ack.reasonCode = reasonCode(routed, t);
                drainAcks();
            });
            return;
        }
        Ack ack = new Ack(MqttMessageType.PUBREC, id);
        acks.add(ack);
        awaitingRel.add(id);
        broker.publish(data).whenComplete((routed, t) -> {
            int code = reasonCode(routed, t);
            if (code >= 0x80) {
                awaitingRel.remove(id);
                inflight--;
                ack.reasonCode = code;
                drainAcks();
            } else if (persistent) {
                broker.putState(StoredSession.inboundRelKey(id), new byte[0]).whenComplete((v, t2) -> {
                    ack.reasonCode = code;
                    drainAcks();
                });
            } else {
                ack.reasonCode = code;
                drainAcks();
            }
        });
    }

    /** PUBREL from the client: forget the packet id and answer PUBCOMP (3.1.1 §3.6, 5.0 §3.6). */
    void onPubRel(int id) {
        boolean known = awaitingRel.remove(id);
        if (known && inflight > 0) { // ids restored from a previous connection were not counted
            inflight--;
        }
        Runnable comp = () -> {
            out.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBCOMP, false, MqttQoS.AT_MOST_ONCE,
                    false, 0), new MqttPubReplyMessageVariableHeader(id, (byte) (known ? 0 : 0x92),
                    MqttProperties.NO_PROPERTIES)));
            out.flush();
        };
        if (known && persistent) {
            broker.putState(StoredSession.inboundRelKey(id), null).whenComplete((v, t) -> comp.run());
        } else {
            comp.run();
        }
    }

    private int reasonCode(Boolean routed, Throwable t) {
        if (t != null) {
            return version.isV5() ? version.publishFailure(BrokerException.of(t)) : 0x80;
        }
        return Boolean.TRUE.equals(routed) ? 0x00 : 0x10; // 5.0 §3.4.2.1: 0x10 no matching subscribers
    }

    private void drainAcks() {
        if (!owner.isOpen()) {
            return;
        }
        boolean wrote = false;
        while (!acks.isEmpty() && acks.peek().reasonCode >= 0) {
            Ack ack = acks.poll();
            if (ack.reasonCode >= 0x80 && !version.isV5()) {
                // MQTT 3.1.1 §3.3.5: a publication the server refuses ends the connection
                owner.protocolError(0x80, "publication refused");
                return;
            }
            int code = version.isV5() ? ack.reasonCode : 0;
            out.write(new MqttMessage(new MqttFixedHeader(ack.type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttPubReplyMessageVariableHeader(ack.id, (byte) code, MqttProperties.NO_PROPERTIES)));
            wrote = true;
        }
        if (wrote) {
            out.flush();
        }
    }
}
