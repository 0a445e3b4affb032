package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrymq.addressing.engine.EngineOptions;
import io.ferrymq.addressing.security.GuestOptions;
import io.ferrymq.addressing.security.PasswordHashes;
import io.ferrymq.addressing.security.SecurityOptions;
import io.ferrymq.addressing.security.User;
import io.ferrymq.transport.TransportLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

/**
 * CONNECT beyond the basics: MQTT 3.1 (level 3, "MQIsdp") with Paho, logins against configured users, the v5
 * Server Keep Alive, and the server's connection limit.
 */
class ConnectIT {

    /** A user with a hashed password (a low work factor keeps the test fast); anonymous connections refused. */
    private static EngineOptions secured() {
        User device = new User("device", PasswordHashes.hash("s3cret".toCharArray(), 1_000), Set.of("guest"));
        SecurityOptions security = new SecurityOptions(true, false, GuestOptions.DEFAULTS, List.of(device),
                SecurityOptions.DEFAULT_PERMISSIONS);
        return EngineOptions.DEFAULTS.withSecurity(security);
    }

    @Test
    void mqtt31ConnectsPublishesAndSubscribesWithPaho() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start()) {
            MqttClient sub = connect31(broker, "v31-sub");
            MqttClient pub = connect31(broker, "v31-pub");
            List<PahoV3IT.Received> got = PahoV3IT.subscribe(sub, "v31/+", 2);
            for (int qos = 0; qos <= 2; qos++) {
                PahoV3IT.publish(pub, "v31/q" + qos, "m" + qos, qos, false);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
            assertThat(got).extracting(r -> r.topic() + "=" + r.payload() + "@" + r.qos())
                    .containsExactlyInAnyOrder("v31/q0=m0@0", "v31/q1=m1@1", "v31/q2=m2@2");
            pub.disconnect();
            sub.disconnect();
        }
    }

    private static MqttClient connect31(EmbeddedBroker broker, String id) throws Exception {
        MqttClient c = new MqttClient(broker.url(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1); // protocol name MQIsdp, level 3
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    @Test
    void configuredUsersLogInAndWrongPasswordsAreRefused() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, null, secured(), null)) {
            // the right password: Paho v3 and v5 connect and exchange a message
            MqttClient v3 = new MqttClient(broker.url(), "login-v3", new MemoryPersistence());
            MqttConnectOptions o3 = new MqttConnectOptions();
            o3.setUserName("device");
            o3.setPassword("s3cret".toCharArray());
            o3.setConnectionTimeout(5);
            v3.connect(o3);
            List<PahoV3IT.Received> got = PahoV3IT.subscribe(v3, "login/t", 1);
            MqttAsyncClient v5 = new MqttAsyncClient(broker.url(), "login-v5",
                    new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
            MqttConnectionOptions o5 = new MqttConnectionOptions();
            o5.setUserName("device");
            o5.setPassword("s3cret".getBytes(StandardCharsets.UTF_8));
            v5.connect(o5).waitForCompletion(10_000);
            v5.publish("login/t", "hello".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
            assertThat(got.get(0).payload()).isEqualTo("hello");
            v5.disconnect().waitForCompletion(10_000);
            v3.disconnect();

            // a wrong password, an unknown user: 3.1.1 0x04 (§3.2.2.3), 5.0 0x86 (§3.2.2.2), then the close
            assertThat(refusal(broker, RawClient.connectWithLogin(4, "bad-v3", null, "device", "wrong")))
                    .isEqualTo(0x04);
            assertThat(refusal(broker, RawClient.connectWithLogin(4, "bad-v3u", null, "nobody", "s3cret")))
                    .isEqualTo(0x04);
            assertThat(refusal(broker, RawClient.connectWithLogin(5, "bad-v5", new byte[0], "device", "wrong")))
                    .isEqualTo(0x86);
            // no credentials with anonymous access off
            assertThat(refusal(broker, RawClient.connect(4, "anon-v3", true, 0, null))).isIn(0x04, 0x05);
            assertThat(refusal(broker, RawClient.connect(5, "anon-v5", true, 0, new byte[0]))).isIn(0x86, 0x87);
        }
    }

    /** Sends a CONNECT the server must refuse; returns the CONNACK's code after checking the server closed. */
    private static int refusal(EmbeddedBroker broker, byte[] connect) throws Exception {
        try (RawClient c = new RawClient(broker.port(), true)) {
            c.send(connect);
            List<RawClient.Packet> got = c.readUntilClosed();
            assertThat(got).extracting(RawClient.Packet::type).containsExactly(2);
            return got.get(0).body()[1] & 0xff;
        }
    }

    @Test
    void serverKeepAliveIsAnnouncedInConnAckAndEnforced() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, MqttOptions.DEFAULTS.withServerKeepAliveSeconds(1));
                RawClient c = RawClient.connect(broker.port(), RawClient.connect(5, "ska", true, 600, new byte[0]),
                        true)) {
            long start = System.nanoTime();
            Map<Integer, Object> props = RawClient.properties(c.connAck.body(), 2);
            assertThat(props).containsEntry(0x13, 1); // 5.0 §3.2.2.3.14 Server Keep Alive
            // the client asked for 600 s but must live by 1 s: silent, it is closed after 1.5 s (0x8D)
            List<RawClient.Packet> end = c.readUntilClosed();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(end).extracting(RawClient.Packet::type).containsExactly(14);
            assertThat(end.get(0).reasonCode()).isEqualTo(0x8D);
            assertThat(millis).isBetween(1000L, 5000L);
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start();
                RawClient c = RawClient.connect(broker.port(), RawClient.connect(5, "no-ska", true, 600, new byte[0]),
                        true)) {
            assertThat(RawClient.properties(c.connAck.body(), 2)).doesNotContainKey(0x13); // client's value kept
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosed() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(null, null, null,
                TransportLimits.defaults().withMaxConnections(2))) {
            MqttClient first = PahoV3IT.connect(broker.url(), "maxc-1", true);
            MqttClient second = PahoV3IT.connect(broker.url(), "maxc-2", true);
            try (RawClient third = new RawClient(broker.port(), false)) {
                try {
                    third.send(RawClient.connect(4, "maxc-3", true, 0, null));
                } catch (java.io.IOException closedAlready) {
                    // the server may have closed before the CONNECT went out
                }
                assertThat(third.readUntilClosed()).as("no CONNACK for the third connection").isEmpty();
            }
            first.disconnect();
            first.close();
            // the slot is free once the server has seen the first connection close
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (RawClient fourth = RawClient.connect(broker.port(), RawClient.connect(4, "maxc-4", true, 0,
                        null), false)) {
                    fourth.send(RawClient.pingReq());
                    return fourth.read().type() == 13;
                }
            });
            assertThat(second.isConnected()).isTrue();
            second.disconnect();
        }
    }
}
