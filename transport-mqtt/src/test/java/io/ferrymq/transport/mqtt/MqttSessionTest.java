package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The session state machine without a socket: packets in, a fake {@link Broker} behind, packets out. */
class MqttSessionTest {

    /** Records what the session writes. */
    static final class FakeChannel implements MqttSession.Channel {
        final List<MqttMessage> written = new ArrayList<>();
        boolean closed;

        @Override
        public void write(MqttMessage packet) {
            written.add(packet);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void keepAlive(int seconds) {
        }

        @Override
        public void handshakeDone() {
        }

        List<MqttMessage> ofType(MqttMessageType type) {
            return written.stream().filter(m -> m.fixedHeader().messageType() == type).toList();
        }
    }

    /** A broker whose publications complete when the test says so. */
    static final class FakeBroker implements Broker, Broker.Session {
        final List<PublishData> published = new ArrayList<>();
        final List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        final List<FakeSubscription> subscriptions = new ArrayList<>();
        boolean autoComplete = true;
        boolean closed;

        @Override
        public CompletionStage<Session> open(String clientId, String username, byte[] password, SocketAddress remote,
                Events events) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletionStage<Boolean> publish(PublishData data) {
            published.add(data);
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            pending.add(f);
            if (autoComplete) {
                f.complete(true);
            }
            return f;
        }

        @Override
        public CompletionStage<Subscription> subscribe(SubscriptionRequest request, Persistence persistence,
                DeliveryHandler handler) {
            FakeSubscription s = new FakeSubscription(handler);
            subscriptions.add(s);
            return CompletableFuture.completedFuture(s);
        }

        @Override
        public CompletionStage<Void> deleteSubscription(SubscriptionRequest request) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<List<PublishData>> retained(String filter) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<Map<String, byte[]>> loadState() {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public CompletionStage<Void> putState(String key, byte[] value) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> clearState() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void writabilityChanged() {
        }

        @Override
        public CompletionStage<Void> close() {
            closed = true;
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class FakeSubscription implements Broker.Subscription {
        final Broker.DeliveryHandler handler;
        final List<Long> accepted = new ArrayList<>();
        int credit;

        FakeSubscription(Broker.DeliveryHandler handler) {
            this.handler = handler;
        }

        @Override
        public void credit(int n) {
            credit += n;
        }

        @Override
        public CompletionStage<Void> accept(long tag) {
            accepted.add(tag);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> close() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> delete() {
            return CompletableFuture.completedFuture(null);
        }
    }

    static final class Events implements Broker.Events {
        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void pauseReads() {
        }

        @Override
        public void resumeReads() {
        }

        @Override
        public void takenOver() {
        }

        @Override
        public void serverClosing() {
        }
    }

    final FakeChannel channel = new FakeChannel();
    final FakeBroker broker = new FakeBroker();

    MqttSession session(MqttOptions options) {
        return new MqttSession(broker, options, channel, new Events(), null, new InetSocketAddress(1883), 65536);
    }

    static MqttMessage connect(MqttVersion version, MqttProperties props) {
        return MqttMessageBuilders.connect().clientId("unit").protocolVersion(version).cleanSession(true)
                .properties(props).build();
    }

    static MqttProperties props(MqttPropertyType type, int value) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(type.value(), value));
        return p;
    }

    static MqttPublishMessage publish(String topic, int qos, int id, MqttProperties props) {
        return MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.valueOf(qos)).messageId(id)
                .properties(props).payload(Unpooled.wrappedBuffer("p".getBytes(StandardCharsets.UTF_8))).build();
    }

    static MqttMessage ack(MqttMessageType type, int id) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(id));
    }

    static MqttMessage subscribe(String filter, int qos) {
        return MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.valueOf(qos), filter).build();
    }

    static int id(MqttMessage m) {
        return ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
    }

    static int disconnectReason(MqttMessage m) {
        return ((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xff;
    }

    @Test
    void connectIsAcceptedAndSecondConnectIsAProtocolError() {
        MqttSession s = session(MqttOptions.DEFAULTS);
        s.onPacket(connect(MqttVersion.MQTT_5, MqttProperties.NO_PROPERTIES));
        MqttConnAckMessage ack = (MqttConnAckMessage) channel.written.get(0);
        assertThat(ack.variableHeader().connectReturnCode().byteValue()).isZero();
        assertThat(s.isOpen()).isTrue();
        s.onPacket(connect(MqttVersion.MQTT_5, MqttProperties.NO_PROPERTIES));
        List<MqttMessage> disconnects = channel.ofType(MqttMessageType.DISCONNECT);
        assertThat(disconnects).hasSize(1);
        assertThat(disconnectReason(disconnects.get(0))).isEqualTo(0x82);
        assertThat(channel.closed).isTrue();
        assertThat(s.isOpen()).isFalse();
    }

    @Test
    void pubAcksWaitForTheBrokerAndKeepPublicationOrder() {
        MqttSession s = session(MqttOptions.DEFAULTS);
        broker.autoComplete = false;
        s.onPacket(connect(MqttVersion.MQTT_3_1_1, MqttProperties.NO_PROPERTIES));
        s.onPacket(publish("a/b", 1, 10, MqttProperties.NO_PROPERTIES));
        s.onPacket(publish("a/b", 1, 11, MqttProperties.NO_PROPERTIES));
        assertThat(channel.ofType(MqttMessageType.PUBACK)).isEmpty();
        broker.pending.get(1).complete(true);
        assertThat(channel.ofType(MqttMessageType.PUBACK)).as("not before the first").isEmpty();
        broker.pending.get(0).complete(true);
        assertThat(channel.ofType(MqttMessageType.PUBACK)).extracting(MqttSessionTest::id).containsExactly(10, 11);
    }

    @Test
    void aResentQos2PublishIsRoutedOnce() {
        MqttSession s = session(MqttOptions.DEFAULTS);
        s.onPacket(connect(MqttVersion.MQTT_3_1_1, MqttProperties.NO_PROPERTIES));
        s.onPacket(publish("q/2", 2, 3, MqttProperties.NO_PROPERTIES));
        s.onPacket(publish("q/2", 2, 3, MqttProperties.NO_PROPERTIES));
        assertThat(broker.published).hasSize(1);
        assertThat(channel.ofType(MqttMessageType.PUBREC)).hasSize(2);
        s.onPacket(ack(MqttMessageType.PUBREL, 3));
        assertThat(channel.ofType(MqttMessageType.PUBCOMP)).hasSize(1);
        s.onPacket(publish("q/2", 2, 3, MqttProperties.NO_PROPERTIES));
        assertThat(broker.published).as("a new publication with the released id").hasSize(2);
    }

    @Test
    void inboundAliasesResolveAndAnOutOfRangeAliasIs0x94() {
        MqttSession s = session(MqttOptions.DEFAULTS.withMaxTopicAlias(2));
        s.onPacket(connect(MqttVersion.MQTT_5, MqttProperties.NO_PROPERTIES));
        s.onPacket(publish("x/y", 0, 0, props(MqttPropertyType.TOPIC_ALIAS, 2)));
        s.onPacket(publish("", 0, 0, props(MqttPropertyType.TOPIC_ALIAS, 2)));
        assertThat(broker.published).extracting(PublishData::topic).containsExactly("x/y", "x/y");
        s.onPacket(publish("x/z", 0, 0, props(MqttPropertyType.TOPIC_ALIAS, 3)));
        assertThat(broker.published).hasSize(2);
        assertThat(disconnectReason(channel.ofType(MqttMessageType.DISCONNECT).get(0))).isEqualTo(0x94);
    }

    @Test
    void outboundWindowFollowsTheClientsReceiveMaximumAndAliasesFollowTheSpec() {
        MqttSession s = session(MqttOptions.DEFAULTS.withMaxOutboundTopicAlias(8));
        MqttProperties p = props(MqttPropertyType.RECEIVE_MAXIMUM, 2);
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(), 1));
        s.onPacket(connect(MqttVersion.MQTT_5, p));
        s.onPacket(subscribe("t/#", 1));
        FakeSubscription sub = broker.subscriptions.get(0);
        assertThat(sub.credit).isEqualTo(2);
        String[] topics = {"t/a", "t/a", "t/b", "t/a"};
        for (int i = 0; i < topics.length; i++) {
            sub.handler.deliver(i, PublishData.of(topics[i], 1, false, new byte[] {(byte) i}), false, false);
        }
        List<MqttMessage> sent = channel.ofType(MqttMessageType.PUBLISH);
        assertThat(sent).hasSize(2);
        s.onPacket(ack(MqttMessageType.PUBACK, ((MqttPublishMessage) sent.get(0)).variableHeader().packetId()));
        assertThat(sub.accepted).containsExactly(0L);
        assertThat(sub.credit).isEqualTo(3);
        sent = channel.ofType(MqttMessageType.PUBLISH);
        assertThat(sent).hasSize(3);
        s.onPacket(ack(MqttMessageType.PUBACK, ((MqttPublishMessage) sent.get(1)).variableHeader().packetId()));
        sent = channel.ofType(MqttMessageType.PUBLISH);
        assertThat(sent).hasSize(4);
        List<String> wire = sent.stream().map(m -> {
            var h = ((MqttPublishMessage) m).variableHeader();
            var alias = h.properties().getProperty(MqttPropertyType.TOPIC_ALIAS.value());
            return h.topicName() + "#" + (alias == null ? 0 : alias.value());
        }).toList();
        // one alias allowed by the client: t/a takes it, t/b travels in full
        assertThat(wire).containsExactly("t/a#1", "#1", "t/b#0", "#1");
    }

    @Test
    void aMessageOverTheClientsMaximumPacketSizeIsDroppedAndAcknowledged() {
        MqttSession s = session(MqttOptions.DEFAULTS);
        s.onPacket(connect(MqttVersion.MQTT_5, props(MqttPropertyType.MAXIMUM_PACKET_SIZE, 100)));
        s.onPacket(subscribe("big/#", 1));
        FakeSubscription sub = broker.subscriptions.get(0);
        sub.handler.deliver(7, PublishData.of("big/t", 1, false, new byte[200]), false, false);
        sub.handler.deliver(8, PublishData.of("big/t", 1, false, new byte[10]), false, false);
        assertThat(channel.ofType(MqttMessageType.PUBLISH)).hasSize(1);
        assertThat(sub.accepted).containsExactly(7L);
    }

    @Test
    void theWillGoesOutOnAnAbruptCloseOnly() {
        MqttMessage withWill = MqttMessageBuilders.connect().clientId("w").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).willFlag(true).willTopic("w/t").willMessage("bye".getBytes(StandardCharsets.UTF_8))
                .willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true).build();
        MqttSession abrupt = session(MqttOptions.DEFAULTS);
        abrupt.onPacket(withWill);
        abrupt.channelClosed();
        assertThat(broker.published).extracting(d -> d.topic() + d.qos() + d.retain()).containsExactly("w/t1true");
        assertThat(broker.closed).isTrue();

        FakeBroker polite = new FakeBroker();
        MqttSession s = new MqttSession(polite, MqttOptions.DEFAULTS, new FakeChannel(), new Events(), null,
                new InetSocketAddress(1883), 65536);
        s.onPacket(MqttMessageBuilders.connect().clientId("w").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).willFlag(true).willTopic("w/t").willMessage(new byte[0]).build());
        s.onPacket(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE,
                false, 0)));
        s.channelClosed();
        assertThat(polite.published).isEmpty();
        assertThat(polite.closed).isTrue();
    }

    @Test
    void pingReqGetsPingResp() {
        MqttSession s = session(MqttOptions.DEFAULTS);
        s.onPacket(connect(MqttVersion.MQTT_3_1_1, MqttProperties.NO_PROPERTIES));
        s.onPacket(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false,
                0)));
        assertThat(channel.ofType(MqttMessageType.PINGRESP)).hasSize(1);
    }

    @Test
    void withMethodsChangeOnlyTheirOwnComponent() {
        MqttOptions d = MqttOptions.DEFAULTS;
        assertThat(d.withMaxTopicAlias(3)).isEqualTo(new MqttOptions(3, d.defaultSessionExpirySeconds(),
                d.maxSessionExpirySeconds(), d.serverReceiveMaximum(), d.outboundWindow(), d.maxTopicLength(),
                d.maxTopicLevels(), d.maxPacketSize(), d.serverKeepAliveSeconds(), d.maxQueuedMessages(),
                d.maxOutboundTopicAlias()));
        MqttOptions all = d.withMaxTopicAlias(1).withDefaultSessionExpirySeconds(2).withMaxSessionExpirySeconds(3)
                .withServerReceiveMaximum(4).withOutboundWindow(5).withMaxTopicLength(6).withMaxTopicLevels(7)
                .withMaxPacketSize(800).withServerKeepAliveSeconds(9).withMaxQueuedMessages(10)
                .withMaxOutboundTopicAlias(11);
        assertThat(all).isEqualTo(new MqttOptions(1, 2, 3, 4, 5, 6, 7, 800, 9, 10, 11));
        assertThat(d.maxOutboundTopicAlias()).isZero();
    }
}
