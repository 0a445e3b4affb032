package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent sessions: the offline cap, broker restarts, QoS 2 and QoS 1 state across reconnects. */
class SessionIT {

    /** Reconnects a persistent Paho v3 session, recording what arrives; returns whether the session was present. */
    static boolean reconnect(MqttClient c, List<PahoV3IT.Received> got) throws Exception {
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                got.add(new PahoV3IT.Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                        m.isRetained(), m.isDuplicate()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        IMqttToken t = c.connectWithResult(o);
        return t.getSessionPresent();
    }

    @Test
    void offlineSessionKeepsOnlyTheFirstMaxQueuedMessages() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, MqttOptions.DEFAULTS.withMaxQueuedMessages(3))) {
            MqttClient sub = PahoV3IT.connect(broker.url(), "cap-sub", false);
            sub.subscribe("cap/q", 1);
            sub.disconnect();
            MqttClient pub = PahoV3IT.connect(broker.url(), "cap-pub", true);
            for (int i = 0; i < 10; i++) {
                PahoV3IT.publish(pub, "cap/q", "m" + i, 1, false);
            }
            pub.disconnect();
            assertThat(broker.engine.queue("cap-sub.cap.q").orElseThrow().messageCount()).isEqualTo(3);
            List<PahoV3IT.Received> got = new CopyOnWriteArrayList<>();
            assertThat(reconnect(sub, got)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 3);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> got.size() == 3);
            assertThat(got).extracting(PahoV3IT.Received::payload).containsExactly("m0", "m1", "m2");
            sub.disconnect();
        }
    }

    @Test
    void sessionAndRetainedSurviveABrokerRestart(@TempDir Path dir) throws Exception {
        MqttClient sub;
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, null)) {
            sub = new MqttClient(broker.url(), "restart-sub", new MemoryPersistence());
            reconnect(sub, new ArrayList<>());
            sub.subscribe("restart/q", 1);
            sub.disconnect();
            sub.close();
            MqttClient pub = PahoV3IT.connect(broker.url(), "restart-pub", true);
            PahoV3IT.publish(pub, "restart/q", "queued", 1, false);
            PahoV3IT.publish(pub, "restart/r", "kept", 1, true);
            pub.disconnect();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, null)) {
            MqttClient again = new MqttClient(broker.url(), "restart-sub", new MemoryPersistence());
            List<PahoV3IT.Received> got = new CopyOnWriteArrayList<>();
            assertThat(reconnect(again, got)).as("session present").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            assertThat(got.get(0).payload()).isEqualTo("queued");
            assertThat(got.get(0).qos()).isEqualTo(1);
            again.disconnect();
            MqttClient late = PahoV3IT.connect(broker.url(), "restart-late", true);
            List<PahoV3IT.Received> retained = PahoV3IT.subscribe(late, "restart/#", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> retained.size() == 1);
            assertThat(retained.get(0)).isEqualTo(new PahoV3IT.Received("restart/r", "kept", 1, true, false));
            late.disconnect();
        }
    }

    @Test
    void inboundQos2IsExactlyOnceAcrossAReconnect() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            MqttClient watcher = PahoV3IT.connect(broker.url(), "q2-watch", true);
            List<PahoV3IT.Received> got = PahoV3IT.subscribe(watcher, "q2/t", 2);
            byte[] publish = RawClient.publish("q2/t", 2, false, false, 7, null, "once");
            try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(4, "q2-raw", false, 0, null),
                    false)) {
                c.send(publish);
                RawClient.Packet rec = c.read();
                assertThat(rec.type()).isEqualTo(5); // PUBREC
            } // dropped before PUBREL
            try (RawClient c = RawClient.connect(broker.port(), RawClient.connect(4, "q2-raw", false, 0, null),
                    false)) {
                assertThat(c.connAck.body()[0] & 1).as("session present").isEqualTo(1);
                c.send(RawClient.publish("q2/t", 2, true, false, 7, null, "once"));
                assertThat(c.read().type()).isEqualTo(5);
                c.send(RawClient.ack(0x62, 7)); // PUBREL
                RawClient.Packet comp = c.read();
                assertThat(comp.type()).isEqualTo(7); // PUBCOMP
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> got.size() == 1);
            watcher.disconnect();
        }
    }

    @Test
    void unacknowledgedQos1IsResentWithDupInOrderOnReconnect() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            byte[] connect = RawClient.connect(4, "dup-raw", false, 0, null);
            try (RawClient c = RawClient.connect(broker.port(), connect, false)) {
                c.send(RawClient.subscribe(1, "dup/t", 1, false));
                assertThat(c.read().type()).isEqualTo(9); // SUBACK
                MqttClient pub = PahoV3IT.connect(broker.url(), "dup-pub", true);
                for (int i = 0; i < 5; i++) {
                    PahoV3IT.publish(pub, "dup/t", "m" + i, 1, false);
                }
                pub.disconnect();
                for (int i = 0; i < 5; i++) {
                    RawClient.Publish p = c.readPublish();
                    assertThat(p.payload()).isEqualTo("m" + i);
                    assertThat(p.dup()).isFalse();
                }
            } // no PUBACK
            try (RawClient c = RawClient.connect(broker.port(), connect, false)) {
                for (int i = 0; i < 5; i++) {
                    RawClient.Publish p = c.readPublish();
                    assertThat(p.payload()).isEqualTo("m" + i);
                    assertThat(p.dup()).as("DUP of m" + i).isTrue();
                    assertThat(p.qos()).isEqualTo(1);
                    c.send(RawClient.ack(0x40, p.packetId()));
                }
                assertThat(c.poll(300)).isNull();
            }
            // acknowledged now: a third connection gets nothing
            try (RawClient c = RawClient.connect(broker.port(), connect, false)) {
                assertThat(c.poll(300)).isNull();
            }
        }
    }

    @Test
    void inboundQos2IsExactlyOnceAcrossABrokerRestart(@TempDir Path dir) throws Exception {
        byte[] subConnect = RawClient.connect(4, "q2r-sub", false, 0, null);
        byte[] pubConnect = RawClient.connect(4, "q2r-pub", false, 0, null);
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, null)) {
            try (RawClient sub = RawClient.connect(broker.port(), subConnect, false)) {
                sub.send(RawClient.subscribe(1, "q2r/t", 2, false));
                assertThat(sub.read().type()).isEqualTo(9);
            } // a persistent subscriber, away
            RawClient pub = RawClient.connect(broker.port(), pubConnect, false);
            pub.send(RawClient.publish("q2r/t", 2, false, false, 7, null, "once"));
            assertThat(pub.read().type()).isEqualTo(5); // PUBREC: routed and the packet id stored
            pub.close(); // no PUBREL before the broker stops
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir, null)) {
            try (RawClient pub = RawClient.connect(broker.port(), pubConnect, false)) {
                assertThat(pub.connAck.body()[0] & 1).as("session present").isEqualTo(1);
                pub.send(RawClient.publish("q2r/t", 2, true, false, 7, null, "once")); // the resend, DUP
                assertThat(pub.read().type()).isEqualTo(5);
                pub.send(RawClient.ack(0x62, 7)); // PUBREL
                RawClient.Packet comp = pub.read();
                assertThat(comp.type()).isEqualTo(7); // PUBCOMP
            }
            try (RawClient sub = RawClient.connect(broker.port(), subConnect, false)) {
                RawClient.Publish p = sub.readPublish();
                assertThat(p.payload()).isEqualTo("once");
                assertThat(p.qos()).isEqualTo(2);
                sub.send(RawClient.ack(0x50, p.packetId())); // PUBREC
                RawClient.Packet next = sub.poll(500);
                while (next != null && next.type() == 6) { // PUBREL of the first
                    sub.send(RawClient.ack(0x70, p.packetId()));
                    next = sub.poll(500);
                }
                assertThat(next).as("a second copy").isNull();
            }
        }
    }
}
