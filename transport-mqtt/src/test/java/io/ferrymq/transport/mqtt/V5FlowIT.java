package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 flow control and limits with a raw-frame client: topic aliases both ways, Receive Maximum both ways, the
 * client's Maximum Packet Size, topic length and level limits.
 */
class V5FlowIT {

    private static byte[] v5(String id, byte[]... props) {
        return RawClient.connect(5, id, true, 0, RawClient.props(props));
    }

    private static RawClient.Publish expectPublish(RawClient c) throws Exception {
        return c.readPublish();
    }

    @Test
    void inboundTopicAliasesMapAndRemapAndAnOutOfRangeAliasIs0x94() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                RawClient c = RawClient.connect(broker.port(), v5("alias-in"), true)) {
            MqttClient watcher = PahoV3IT.connect(broker.url(), "alias-in-watch", true);
            List<PahoV3IT.Received> got = PahoV3IT.subscribe(watcher, "ain/#", 1);
            String[][] sends = {{"ain/a", "1"}, {"", "2"}, {"ain/b", "3"}, {"", "4"}};
            int id = 1;
            for (String[] s : sends) {
                c.send(RawClient.publish(s[0], 1, false, false, id, RawClient.shortProp(0x23, 1), s[1]));
                assertThat(c.read().type()).isEqualTo(4); // PUBACK
                id++;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 4);
            assertThat(got).extracting(r -> r.topic() + "=" + r.payload())
                    .containsExactly("ain/a=1", "ain/a=2", "ain/b=3", "ain/b=4");
            int tooBig = MqttOptions.DEFAULT_MAX_TOPIC_ALIAS + 1;
            c.send(RawClient.publish("ain/c", 1, false, false, id, RawClient.shortProp(0x23, tooBig), "x"));
            List<RawClient.Packet> end = c.readUntilClosed();
            assertThat(end).hasSize(1);
            assertThat(end.get(0).type()).isEqualTo(14);
            assertThat(end.get(0).reasonCode()).isEqualTo(0x94);
            watcher.disconnect();
        }
    }

    @Test
    void anUnknownInboundAliasWithAnEmptyTopicIs0x82() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                RawClient c = RawClient.connect(broker.port(), v5("alias-unknown"), true)) {
            c.send(RawClient.publish("", 0, false, false, 0, RawClient.shortProp(0x23, 3), "x"));
            List<RawClient.Packet> end = c.readUntilClosed();
            assertThat(end).extracting(RawClient.Packet::reasonCode).containsExactly(0x82);
        }
    }

    @Test
    void outboundTopicAliasesFollowTheSpecWhenEnabled() throws Exception {
        MqttOptions options = MqttOptions.DEFAULTS.withMaxOutboundTopicAlias(2);
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, options);
                RawClient c = RawClient.connect(broker.port(), v5("alias-out", RawClient.shortProp(0x22, 5)), true);
                RawClient plain = RawClient.connect(broker.port(), v5("alias-none"), true)) {
            c.send(RawClient.subscribe(1, "aout/#", 0, true));
            assertThat(c.read().type()).isEqualTo(9);
            plain.send(RawClient.subscribe(1, "aout/#", 0, true));
            assertThat(plain.read().type()).isEqualTo(9);
            MqttClient pub = PahoV3IT.connect(broker.url(), "alias-out-pub", true);
            String[] topics = {"aout/a", "aout/b", "aout/a", "aout/c", "aout/a", "aout/b", "aout/c"};
            for (int i = 0; i < topics.length; i++) {
                PahoV3IT.publish(pub, topics[i], "p" + i, 1, false);
            }
            pub.disconnect();
            List<String> wire = new ArrayList<>();
            for (int i = 0; i < topics.length; i++) {
                RawClient.Publish p = expectPublish(c);
                assertThat(p.payload()).isEqualTo("p" + i);
                wire.add(p.topic() + "#" + p.topicAlias());
                RawClient.Publish q = expectPublish(plain);
                assertThat(q.topic()).isEqualTo(topics[i]);
                assertThat(q.topicAlias()).as("no alias to a client without Topic Alias Maximum").isZero();
            }
            // a new alias carries topic and alias; later ones an empty topic; at most 2 aliases (the server's cap)
            assertThat(wire).containsExactly("aout/a#1", "aout/b#2", "#1", "aout/c#0", "#1", "#2", "aout/c#0");
        }
    }

    @Test
    void noOutboundTopicAliasesByDefault() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                RawClient c = RawClient.connect(broker.port(), v5("alias-default", RawClient.shortProp(0x22, 5)),
                        true)) {
            c.send(RawClient.subscribe(1, "adef/#", 0, true));
            assertThat(c.read().type()).isEqualTo(9);
            MqttClient pub = PahoV3IT.connect(broker.url(), "alias-default-pub", true);
            PahoV3IT.publish(pub, "adef/a", "1", 1, false);
            PahoV3IT.publish(pub, "adef/a", "2", 1, false);
            pub.disconnect();
            for (int i = 0; i < 2; i++) {
                RawClient.Publish p = expectPublish(c);
                assertThat(p.topic()).isEqualTo("adef/a");
                assertThat(p.topicAlias()).isZero();
            }
        }
    }

    @Test
    void aClientExceedingTheServersReceiveMaximumGets0x93() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, MqttOptions.DEFAULTS.withServerReceiveMaximum(2));
                RawClient c = RawClient.connect(broker.port(), v5("recvmax-in"), true)) {
            // QoS 2 publications count until their PUBREL (5.0 §4.9): two are allowed, the third is one too many
            for (int id = 1; id <= 2; id++) {
                c.send(RawClient.publish("rin/t", 2, false, false, id, new byte[0], "m"));
                assertThat(c.read().type()).isEqualTo(5); // PUBREC
            }
            c.send(RawClient.publish("rin/t", 2, false, false, 3, new byte[0], "m"));
            List<RawClient.Packet> end = c.readUntilClosed();
            assertThat(end).extracting(RawClient.Packet::type).containsExactly(14);
            assertThat(end.get(0).reasonCode()).isEqualTo(0x93);
        }
    }

    /**
     * The Paho interoperability suite's test_flow_control2: the client sends its publications first and only then
     * reads the PUBRECs, answering each with PUBREL, so it keeps writing after the server's DISCONNECT 0x93. The
     * server must not reset the connection under it (which loses the DISCONNECT, 5.0 §4.13): it half-closes and
     * discards what still comes.
     */
    @Test
    void aClientStillWritingAfterTheServersDisconnectGetsTheDisconnectNotAReset() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, MqttOptions.DEFAULTS.withServerReceiveMaximum(2));
                RawClient c = RawClient.connect(broker.port(), v5("recvmax-linger"), true)) {
            for (int id = 1; id <= 3; id++) {
                c.send(RawClient.publish("rlg/t", 2, false, false, id, new byte[0], "m"));
            }
            // the two PUBRECs (4 or 5 bytes each) and the DISCONNECT 0x93 have arrived, unread
            await().atMost(Duration.ofSeconds(5)).until(() -> c.available() > 10);
            for (int id = 1; id <= 2; id++) {
                c.send(RawClient.ack(0x62, id)); // PUBREL, as a client that has not read the DISCONNECT yet
                // a reset, had the server sent one, would discard the unread DISCONNECT
                await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> c.available() > 10);
            }
            List<RawClient.Packet> end = c.readUntilClosed();
            assertThat(end).extracting(RawClient.Packet::type).endsWith(14).allMatch(t -> t == 5 || t == 14);
            assertThat(end.get(end.size() - 1).reasonCode()).isEqualTo(0x93);
        }
    }

    @Test
    void theServerNeverExceedsTheClientsReceiveMaximum() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                RawClient c = RawClient.connect(broker.port(), v5("recvmax-out", RawClient.shortProp(0x21, 2)),
                        true)) {
            c.send(RawClient.subscribe(1, "rout/t", 1, true));
            assertThat(c.read().type()).isEqualTo(9);
            MqttClient pub = PahoV3IT.connect(broker.url(), "recvmax-out-pub", true);
            for (int i = 0; i < 6; i++) {
                PahoV3IT.publish(pub, "rout/t", "m" + i, 1, false);
            }
            pub.disconnect();
            List<String> got = new ArrayList<>();
            RawClient.Publish first = expectPublish(c);
            RawClient.Publish second = expectPublish(c);
            got.add(first.payload());
            got.add(second.payload());
            assertThat(c.poll(400)).as("a third PUBLISH beyond Receive Maximum 2").isNull();
            c.send(RawClient.ack(0x40, first.packetId()));
            RawClient.Publish pending = second;
            for (int i = 2; i < 6; i++) {
                RawClient.Publish next = expectPublish(c);
                got.add(next.payload());
                assertThat(c.poll(100)).isNull(); // still only two unacknowledged
                c.send(RawClient.ack(0x40, pending.packetId()));
                pending = next;
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
        }
    }

    @Test
    void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSent() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                RawClient c = RawClient.connect(broker.port(), v5("maxpacket", RawClient.intProp(0x27, 128)),
                        true)) {
            c.send(RawClient.subscribe(1, "mps/t", 1, true));
            assertThat(c.read().type()).isEqualTo(9);
            MqttClient pub = PahoV3IT.connect(broker.url(), "maxpacket-pub", true);
            PahoV3IT.publish(pub, "mps/t", "x".repeat(300), 1, false);
            PahoV3IT.publish(pub, "mps/t", "small", 1, false);
            pub.disconnect();
            RawClient.Publish p = expectPublish(c);
            assertThat(p.payload()).isEqualTo("small");
            c.send(RawClient.ack(0x40, p.packetId()));
            assertThat(c.poll(300)).isNull();
        }
    }

    @Test
    void topicLengthAndLevelLimitsAreEnforced() throws Exception {
        MqttOptions options = MqttOptions.DEFAULTS.withMaxTopicLevels(3).withMaxTopicLength(20);
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, options)) {
            try (RawClient c = RawClient.connect(broker.port(), v5("limits-v5"), true)) {
                c.send(RawClient.subscribe(1, "a/b/c/d", 1, true));
                assertThat(c.read(9).body()[3] & 0xff).as("too many levels").isEqualTo(0x8F);
                c.send(RawClient.subscribe(2, "a/" + "x".repeat(30), 1, true));
                assertThat(c.read(9).body()[3] & 0xff).as("too long").isEqualTo(0x8F);
                c.send(RawClient.subscribe(3, "a/+/c", 1, true));
                assertThat(c.read(9).body()[3] & 0xff).as("within the limits").isEqualTo(1);
                c.send(RawClient.publish("a/b/c/d", 1, false, false, 1, new byte[0], "deep"));
                List<RawClient.Packet> end = c.readUntilClosed();
                assertThat(end).extracting(RawClient.Packet::reasonCode).containsExactly(0x90);
            }
            try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(4, "limits-v3", true, 0, null),
                    false)) {
                c.send(RawClient.subscribe(1, "a/b/c/d", 1, false));
                assertThat(c.read(9).body()[2] & 0xff).isEqualTo(0x80);
                c.send(RawClient.publish("a/" + "x".repeat(30), 0, false, false, 0, null, "long"));
                assertThat(c.readUntilClosed()).isEmpty(); // 3.1.1: the server just closes
            }
        }
    }
}
