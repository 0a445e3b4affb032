package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MQTT 3.1.1 with the Eclipse Paho v3 client against an embedded broker. */
class PahoV3IT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static MqttClient connect(String url, String id, boolean clean) throws MqttException {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    record Received(String topic, String payload, int qos, boolean retained, boolean dup) {
    }

    static List<Received> subscribe(MqttClient c, String filter, int qos) throws MqttException {
        List<Received> got = new CopyOnWriteArrayList<>();
        c.subscribe(filter, qos, (t, m) -> got.add(new Received(t, new String(m.getPayload(), StandardCharsets.UTF_8),
                m.getQos(), m.isRetained(), m.isDuplicate())));
        return got;
    }

    static void publish(MqttClient c, String topic, String payload, int qos, boolean retain) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        m.setRetained(retain);
        c.publish(topic, m);
    }

    @Test
    void publishAndSubscribeAtEveryQos() throws Exception {
        MqttClient sub = connect(broker.url(), "v3-sub", true);
        MqttClient pub = connect(broker.url(), "v3-pub", true);
        List<Received> got = subscribe(sub, "v3/+/x/#", 2);
        for (int qos = 0; qos <= 2; qos++) {
            publish(pub, "v3/q" + qos + "/x/y.z", "m" + qos, qos, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
        assertThat(got).extracting(Received::topic).containsExactlyInAnyOrder("v3/q0/x/y.z", "v3/q1/x/y.z",
                "v3/q2/x/y.z");
        assertThat(got).extracting(Received::qos).containsExactlyInAnyOrder(0, 1, 2);
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void grantedQosCapsDeliveryQos() throws Exception {
        MqttClient sub = connect(broker.url(), "v3-cap-sub", true);
        MqttClient pub = connect(broker.url(), "v3-cap-pub", true);
        List<Received> got = subscribe(sub, "cap/t", 1);
        publish(pub, "cap/t", "two", 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        assertThat(got.get(0).qos()).isEqualTo(1);
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void persistentSessionQueuesWhileAway() throws Exception {
        MqttClient sub = connect(broker.url(), "v3-persist", false);
        sub.subscribe("persist/t", 1);
        sub.disconnect();
        sub.close();
        MqttClient pub = connect(broker.url(), "v3-persist-pub", true);
        for (int i = 0; i < 5; i++) {
            publish(pub, "persist/t", "p" + i, 1, false);
        }
        pub.disconnect();
        List<Received> got = new CopyOnWriteArrayList<>();
        MqttClient again = new MqttClient(broker.url(), "v3-persist", new MemoryPersistence());
        again.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                got.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                        m.isRetained(), m.isDuplicate()));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        again.connect(o);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 5);
        assertThat(got).extracting(Received::payload).containsExactly("p0", "p1", "p2", "p3", "p4");
        again.disconnect();
        // a clean session discards it
        MqttClient clean = connect(broker.url(), "v3-persist", true);
        clean.disconnect();
        assertThat(broker.engine.queue("v3-persist.persist.t")).isEmpty();
    }

    @Test
    void retainedMessagesAreDeliveredReplacedAndCleared() throws Exception {
        MqttClient pub = connect(broker.url(), "v3-ret-pub", true);
        publish(pub, "ret/a", "old", 1, true);
        publish(pub, "ret/a", "new", 1, true);
        publish(pub, "ret/b", "bee", 0, true);
        MqttClient sub = connect(broker.url(), "v3-ret-sub", true);
        List<Received> got = subscribe(sub, "ret/#", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
        assertThat(got).extracting(Received::payload).containsExactlyInAnyOrder("new", "bee");
        assertThat(got).allMatch(Received::retained);
        publish(pub, "ret/a", "", 1, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3); // the clearing publish is routed
        MqttClient sub2 = connect(broker.url(), "v3-ret-sub2", true);
        List<Received> got2 = subscribe(sub2, "ret/#", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> got2.size() == 1);
        assertThat(got2.get(0).payload()).isEqualTo("bee");
        sub2.disconnect();
        sub.disconnect();
        pub.disconnect();
    }

    @Test
    void secondConnectionTakesTheClientIdOver() throws Exception {
        MqttClient first = connect(broker.url(), "v3-dup", true);
        MqttClient second = connect(broker.url(), "v3-dup", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isConnected());
        assertThat(second.isConnected()).isTrue();
        second.disconnect();
    }

    @Test
    void badCredentialsAreRefused() throws Exception {
        MqttClient c = new MqttClient(broker.url(), "v3-bad", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("nobody");
        o.setPassword("wrong".toCharArray());
        assertThatThrownBy(() -> c.connect(o)).isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isIn((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                                (int) MqttException.REASON_CODE_NOT_AUTHORIZED));
    }

    @Test
    void emptyClientIdWithoutCleanSessionIsRejected() throws Exception {
        MqttClient c = new MqttClient(broker.url(), "", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        assertThatThrownBy(() -> c.connect(o)).isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isEqualTo((int) MqttException.REASON_CODE_INVALID_CLIENT_ID));
    }

    @Test
    void detectedOnTheAutoListener() throws Exception {
        MqttClient c = connect("tcp://127.0.0.1:" + broker.autoPort(), "v3-auto", true);
        List<Received> got = subscribe(c, "auto/t", 1);
        publish(c, "auto/t", "hi", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 1);
        c.disconnect();
    }
}
