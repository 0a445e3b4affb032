package io.ferrymq.transport.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Server-to-client publications: packet identifiers, the in-flight window (the client's Receive Maximum, 5.0
 * §4.9), the QoS 1 and QoS 2 acknowledgement flows (3.1.1 §4.3, 5.0 §4.3), outbound topic aliases (5.0
 * §3.3.2.3.4) and the client's Maximum Packet Size (5.0 §3.1.2.11.4). Messages wait in a queue while the window is
 * full or the channel is not writable, so thousands of retained messages go out at the client's pace.
 *
 * <p>Not thread safe: confined to the connection's event loop.
 */
final class OutboundFlow {

    private final PacketWriter out;
    private final boolean v5;
    private final int window;
    private final int clientMaxPacketSize;
    private final int clientTopicAliasMax;
    private final StateStore state;
    private final Map<Integer, Outgoing> inflight = new LinkedHashMap<>();
    private final Map<Integer, Outgoing> awaitingComp = new LinkedHashMap<>();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final Map<String, Integer> aliases = new HashMap<>();
    private int nextId = 1;

    /** Where the ids of outbound QoS 2 messages awaiting PUBCOMP are kept for a persistent session, or null. */
    interface StateStore {
        void put(String key, byte[] value);
    }

    /**
     * @param window              the most QoS 1/2 publishes unacknowledged at once
     * @param clientMaxPacketSize the client's Maximum Packet Size, 0 for none
     * @param clientTopicAliasMax the client's Topic Alias Maximum, 0 for none
     * @param state               where to persist QoS 2 release state, or null for a transient session
     */
    OutboundFlow(PacketWriter out, boolean v5, int window, int clientMaxPacketSize, int clientTopicAliasMax,
            StateStore state) {
        this.out = out;
        this.v5 = v5;
        this.window = window;
        this.clientMaxPacketSize = clientMaxPacketSize;
        this.clientTopicAliasMax = clientTopicAliasMax;
        this.state = state;
    }

    /** Queues a message and sends what the window and the channel allow. */
    void offer(Outgoing o) {
        queue.add(o);
        pump();
    }

    /** Sends queued messages while the window has room and the channel is writable. */
    void pump() {
        while (!queue.isEmpty() && out.isWritable()) {
            Outgoing o = queue.peek();
            if (o.qos() > 0 && inflight.size() + awaitingComp.size() >= window) {
                return;
            }
            queue.poll();
            send(o);
        }
    }

    private void send(Outgoing o) {
        if (o.data().expired(System.currentTimeMillis())) {
            o.complete(); // MQTT 5.0 §3.3.2.3.3: an expired message is not delivered
            return;
        }
        if (clientMaxPacketSize > 0 && estimateSize(o) > clientMaxPacketSize) {
            o.complete(); // MQTT 5.0 §3.1.2.11.4: discard as if delivery completed
            return;
        }
        int id = 0;
        if (o.qos() > 0) {
            id = allocateId();
            inflight.put(id, o);
        }
        out.write(publishPacket(o, id));
        if (o.qos() == 0) {
            o.complete();
        }
    }

    /** PUBACK from the client (3.1.1 §3.4, 5.0 §3.4). */
    void onPubAck(int id) {
        Outgoing o = inflight.remove(id);
        if (o != null) {
            o.complete();
            pump();
        }
    }

    /** PUBREC from the client: the message is theirs; answer PUBREL (5.0 §4.3.3). */
    void onPubRec(int id, int reasonCode) {
        Outgoing o = inflight.remove(id);
        if (o == null) {
            if (awaitingComp.containsKey(id)) {
                writeRel(id); // a resent PUBREC
            }
            return;
        }
        if (o.subscription() != null && !o.settled()) {
            o.subscription().accept(o.tag());
        }
        if (reasonCode >= 0x80) { // MQTT 5.0 §4.3.3: a failed PUBREC ends the flow
            credit(o);
            pump();
            return;
        }
        awaitingComp.put(id, o);
        if (state != null) {
            state.put(StoredSession.outboundRelKey(id), new byte[0]);
        }
        writeRel(id);
    }

    /** PUBCOMP from the client: the QoS 2 flow is complete and its window slot free. */
    void onPubComp(int id) {
        Outgoing o = awaitingComp.remove(id);
        if (o != null) {
            if (state != null) {
                state.put(StoredSession.outboundRelKey(id), null);
            }
            credit(o);
            pump();
        }
    }

    /** Resends PUBREL for the QoS 2 flows a persistent session had not completed (3.1.1 §4.4, 5.0 §4.4). */
    void restoreReleases(Set<Integer> ids) {
        for (int id : ids) {
            awaitingComp.put(id, new Outgoing(null, 2, false, false, 0, null, 0, true));
            writeRel(id);
        }
    }

    private static void credit(Outgoing o) {
        if (o.subscription() != null) {
            o.subscription().credit(1);
        }
    }

    private void writeRel(int id) {
        out.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(id)));
    }

    private int allocateId() {
        while (true) {
            int id = nextId;
            nextId = nextId == 65535 ? 1 : nextId + 1;
            if (!inflight.containsKey(id) && !awaitingComp.containsKey(id)) {
                return id;
            }
        }
    }

    private MqttPublishMessage publishPacket(Outgoing o, int id) {
        PublishData d = o.data();
        String topic = d.topic();
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (v5) {
            props = new MqttProperties();
            V5Properties.addPublishProperties(props, d, o.subscriptionId());
            if (clientTopicAliasMax > 0) {
                // 5.0 §3.3.2.3.4: the first PUBLISH with a new alias carries the topic name and the alias, later ones
                // an empty topic name and the alias; aliases are per connection and <= the client's maximum
                Integer alias = aliases.get(topic);
                if (alias != null) {
                    topic = "";
                } else if (aliases.size() < clientTopicAliasMax) {
                    alias = aliases.size() + 1;
                    aliases.put(topic, alias);
                }
                if (alias != null) {
                    props.add(new MqttProperties.IntegerProperty(
                            MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(), alias));
                }
            }
        }
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, o.dup() && o.qos() > 0,
                MqttQoS.valueOf(o.qos()), o.retain(), 0);
        return new MqttPublishMessage(fixed, new MqttPublishVariableHeader(topic, id, props),
                Unpooled.wrappedBuffer(d.payload()));
    }

    private static int estimateSize(Outgoing o) {
        PublishData d = o.data();
        int size = 16 + d.topic().getBytes(StandardCharsets.UTF_8).length + d.payload().length;
        if (d.correlationData() != null) {
            size += d.correlationData().length + 3;
        }
        if (d.responseTopic() != null) {
            size += d.responseTopic().length() * 3 + 3;
        }
        if (d.contentType() != null) {
            size += d.contentType().length() * 3 + 3;
        }
        for (Map.Entry<String, String> e : d.userProperties()) {
            size += 5 + 3 * (e.getKey().length() + e.getValue().length());
        }
        return size;
    }
}
