package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SUBSCRIBE and UNSUBSCRIBE details: {@code $} topics and first-level wildcards (MQTT 5.0 §4.7.2), retain handling
 * 1 (§3.3.1.3), UNSUBACK reason codes (§3.11.3), and Request Problem Information 0 (§3.1.2.11.7).
 */
class SubscribeIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static byte[] v5(String id, byte[]... props) {
        return RawClient.connect(5, id, true, 0, RawClient.props(props));
    }

    @Test
    void dollarTopicsAreNotMatchedByFirstLevelWildcards() throws Exception {
        MqttClient all = PahoV3IT.connect(broker.url(), "dollar-all", true);
        MqttClient plus = PahoV3IT.connect(broker.url(), "dollar-plus", true);
        MqttClient sys = PahoV3IT.connect(broker.url(), "dollar-sys", true);
        List<PahoV3IT.Received> gotAll = PahoV3IT.subscribe(all, "#", 1);
        List<PahoV3IT.Received> gotPlus = PahoV3IT.subscribe(plus, "+/x", 1);
        List<PahoV3IT.Received> gotSys = PahoV3IT.subscribe(sys, "$SYS/#", 1);
        MqttClient pub = PahoV3IT.connect(broker.url(), "dollar-pub", true);
        PahoV3IT.publish(pub, "$SYS/x", "sys", 1, false);
        PahoV3IT.publish(pub, "norm/x", "norm", 1, false); // routed after $SYS/x: a barrier
        await().atMost(Duration.ofSeconds(10)).until(() -> gotAll.stream().anyMatch(r -> r.topic().equals("norm/x"))
                && gotPlus.size() >= 1 && gotSys.size() >= 1);
        assertThat(gotAll).extracting(PahoV3IT.Received::topic).doesNotContain("$SYS/x");
        assertThat(gotPlus).extracting(PahoV3IT.Received::topic).containsExactly("norm/x");
        assertThat(gotSys).extracting(PahoV3IT.Received::topic).containsExactly("$SYS/x");

        // retained messages on subscribe follow the same rule
        PahoV3IT.publish(pub, "$SYS/r", "sys-kept", 1, true);
        PahoV3IT.publish(pub, "norm/r", "norm-kept", 1, true);
        // one client per filter: Paho hands a message to every listener whose filter matches, without the $ rule
        MqttClient late = PahoV3IT.connect(broker.url(), "dollar-late", true);
        MqttClient lateSysClient = PahoV3IT.connect(broker.url(), "dollar-late-sys", true);
        List<PahoV3IT.Received> lateAll = PahoV3IT.subscribe(late, "#", 1);
        List<PahoV3IT.Received> lateSys = PahoV3IT.subscribe(lateSysClient, "$SYS/+", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> lateSys.size() >= 1
                && lateAll.stream().anyMatch(r -> r.topic().equals("norm/r")));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> lateAll.stream().noneMatch(r -> r.topic().startsWith("$")));
        assertThat(lateSys).extracting(PahoV3IT.Received::payload).containsExactly("sys-kept");
        PahoV3IT.publish(pub, "$SYS/r", "", 1, true);
        PahoV3IT.publish(pub, "norm/r", "", 1, true);
        for (MqttClient c : List.of(all, plus, sys, pub, late, lateSysClient)) {
            c.disconnect();
        }
    }

    @Test
    void retainHandling1SendsRetainedOnlyForANewSubscription() throws Exception {
        MqttClient pub = PahoV3IT.connect(broker.url(), "rh1-pub", true);
        PahoV3IT.publish(pub, "rh1/t", "kept", 1, true);
        try (RawClient c = RawClient.connect(broker.port(), v5("rh1"), true)) {
            c.send(RawClient.subscribe(1, "rh1/t", 1, 1));
            assertThat(c.read().type()).isEqualTo(9);
            RawClient.Publish p = c.readPublish();
            assertThat(p.payload()).isEqualTo("kept");
            assertThat(p.retain()).isTrue();
            c.send(RawClient.ack(0x40, p.packetId()));

            c.send(RawClient.subscribe(2, "rh1/t", 1, 1)); // the same filter again: it exists, nothing retained
            assertThat(c.read().type()).isEqualTo(9);
            assertThat(c.poll(300)).isNull();

            c.send(RawClient.subscribe(3, "rh1/t", 1, 0)); // retain handling 0 sends it again
            assertThat(c.read().type()).isEqualTo(9);
            p = c.readPublish();
            assertThat(p.payload()).isEqualTo("kept");
            c.send(RawClient.ack(0x40, p.packetId()));

            c.send(RawClient.subscribe(4, "rh1/+", 1, 1)); // a new filter: retained sent
            assertThat(c.read().type()).isEqualTo(9);
            p = c.readPublish();
            assertThat(p.payload()).isEqualTo("kept");
            assertThat(p.retain()).isTrue();
            c.send(RawClient.ack(0x40, p.packetId()));
            assertThat(c.poll(200)).isNull();
        }
        PahoV3IT.publish(pub, "rh1/t", "", 1, true);
        pub.disconnect();
    }

    @Test
    void unsubAckCarriesSuccessOrNoSubscriptionExisted() throws Exception {
        try (RawClient c = RawClient.connect(broker.port(), v5("unsub-v5"), true)) {
            c.send(RawClient.subscribe(1, "unsub/t", 1, true));
            assertThat(c.read().type()).isEqualTo(9);
            assertThat(unsubAckCode(c, 2, "unsub/t")).as("success").isEqualTo(0x00);
            assertThat(unsubAckCode(c, 3, "unsub/t")).as("already gone").isEqualTo(0x11);
            assertThat(unsubAckCode(c, 4, "never/subscribed")).isEqualTo(0x11);
            // unsubscribed: nothing arrives any more
            MqttClient pub = PahoV3IT.connect(broker.url(), "unsub-pub", true);
            PahoV3IT.publish(pub, "unsub/t", "late", 1, false);
            pub.disconnect();
            assertThat(c.poll(300)).isNull();
        }
        try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(4, "unsub-v3", true, 0, null), false)) {
            c.send(RawClient.unsubscribe(1, "never/subscribed", false));
            RawClient.Packet ack = c.read();
            assertThat(ack.type()).isEqualTo(11);
            assertThat(ack.body()).as("3.1.1 §3.11: packet id only").containsExactly(0, 1);
        }
    }

    private static int unsubAckCode(RawClient c, int packetId, String filter) throws Exception {
        c.send(RawClient.unsubscribe(packetId, filter, true));
        RawClient.Packet ack = c.read();
        assertThat(ack.type()).isEqualTo(11);
        byte[] b = ack.body();
        assertThat((b[0] & 0xff) << 8 | (b[1] & 0xff)).isEqualTo(packetId);
        assertThat(b).hasSize(4); // id, empty properties, one reason code
        return b[3] & 0xff;
    }

    @Test
    void requestProblemInformation0KeepsReasonStringsOffAcks() throws Exception {
        // with the default (1) the server explains a protocol error in its DISCONNECT
        try (RawClient c = RawClient.connect(broker.port(), v5("rpi-1"), true)) {
            c.send(v5("rpi-1"));
            List<RawClient.Packet> end = c.readUntilClosed();
            assertThat(end).extracting(RawClient.Packet::reasonCode).containsExactly(0x82);
            assertThat(RawClient.properties(end.get(0).body(), 1)).containsKey(0x1F);
        }
        try (RawClient c = RawClient.connect(broker.port(), v5("rpi-0", RawClient.byteProp(0x17, 0)), true)) {
            c.send(RawClient.subscribe(1, "bad/#/filter", 1, true));
            RawClient.Packet subAck = c.read(9);
            assertThat(subAck.body()[subAck.body().length - 1] & 0xff).isEqualTo(0x8F);
            assertThat(RawClient.properties(subAck.body(), 2)).doesNotContainKey(0x1F);

            c.send(RawClient.unsubscribe(2, "not/subscribed", true));
            RawClient.Packet unsubAck = c.read(11);
            assertThat(unsubAck.body()[unsubAck.body().length - 1] & 0xff).isEqualTo(0x11);
            assertThat(RawClient.properties(unsubAck.body(), 2)).doesNotContainKey(0x1F);

            c.send(RawClient.publish("rpi/nobody", 1, false, false, 3, new byte[0], "x"));
            RawClient.Packet pubAck = c.read(4);
            assertThat(pubAck.body()[2] & 0xff).isEqualTo(0x10); // no matching subscribers
            assertThat(ackProperties(pubAck)).doesNotContainKey(0x1F);

            c.send(RawClient.publish("rpi/nobody", 2, false, false, 4, new byte[0], "x"));
            RawClient.Packet pubRec = c.read(5);
            assertThat(pubRec.body()[2] & 0xff).isEqualTo(0x10);
            assertThat(ackProperties(pubRec)).doesNotContainKey(0x1F);
            c.send(RawClient.ack(0x62, 4));
            assertThat(ackProperties(c.read(7))).doesNotContainKey(0x1F);

            c.send(RawClient.ack(0x62, 99)); // PUBREL of an unknown id: PUBCOMP 0x92
            RawClient.Packet pubComp = c.read(7);
            assertThat(pubComp.body()[2] & 0xff).isEqualTo(0x92);
            assertThat(ackProperties(pubComp)).doesNotContainKey(0x1F);
        }
    }

    /** The properties of a PUBACK, PUBREC or PUBCOMP (none when the packet ends after its reason code). */
    private static Map<Integer, Object> ackProperties(RawClient.Packet p) {
        return p.body().length <= 3 ? Map.of() : RawClient.properties(p.body(), 3);
    }
}
