package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address mapping of docs/mqtt.md across protocols: the MQTT topic {@code sensors/kitchen/temp} is the JMS
 * topic {@code sensors.kitchen.temp} (ActiveMQ's convention) for the ActiveMQ 6 client over OpenWire, payloads are
 * bytes, and a JMS queue consumer reads an MQTT session's subscription by its fully qualified name.
 */
class MqttJmsInteropIT {

    private static final byte[] PAYLOAD = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '2', '1'};

    @TempDir
    Path dataDir;

    private FerryServer server;
    private Connection jms;

    @BeforeEach
    void start() throws Exception {
        server = FerryServer.start(ServerFixture.config(dataDir), true);
        String openwire = "tcp://127.0.0.1:" + server.address("openwire").orElseThrow().getPort();
        jms = new ActiveMQConnectionFactory(openwire).createConnection();
        jms.start();
    }

    @AfterEach
    void stop() throws Exception {
        jms.close();
        server.close();
    }

    private MqttClient mqtt(String id, boolean clean) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + server.address("mqtt").orElseThrow().getPort(), id,
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    private static void publish(MqttClient c, String topic, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        c.publish(topic, m);
    }

    private static byte[] bytes(Message m) throws Exception {
        assertThat(m).isInstanceOf(BytesMessage.class);
        BytesMessage b = (BytesMessage) m;
        byte[] out = new byte[(int) b.getBodyLength()];
        b.readBytes(out);
        return out;
    }

    @Test
    void anMqttPublishReachesAJmsTopicSubscriberAsABytesMessage() throws Exception {
        Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createTopic("sensors.kitchen.temp"));
        MqttClient pub = mqtt("interop-pub", true);
        publish(pub, "sensors/kitchen/temp", PAYLOAD);
        Message m = consumer.receive(10_000);
        assertThat(m).as("delivered to the JMS topic subscriber").isNotNull();
        assertThat(bytes(m)).containsExactly(PAYLOAD);
        pub.disconnect();
    }

    @Test
    void jmsTextAndBytesMessagesReachAnMqttWildcardSubscriber() throws Exception {
        MqttClient sub = mqtt("interop-sub", true);
        List<String> got = new CopyOnWriteArrayList<>();
        List<byte[]> payloads = new CopyOnWriteArrayList<>();
        sub.subscribe("sensors/+/temp", 1, (topic, m) -> {
            got.add(topic);
            payloads.add(m.getPayload());
        });
        Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = s.createTopic("sensors.kitchen.temp");
        MessageProducer producer = s.createProducer(topic);
        producer.send(s.createTextMessage("21.5 °C"));
        BytesMessage b = s.createBytesMessage();
        b.writeBytes(PAYLOAD);
        producer.send(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> payloads.size() == 2);
        assertThat(got).containsExactly("sensors/kitchen/temp", "sensors/kitchen/temp");
        assertThat(new String(payloads.get(0), StandardCharsets.UTF_8)).isEqualTo("21.5 °C");
        assertThat(payloads.get(1)).containsExactly(PAYLOAD);
        sub.disconnect();
    }

    @Test
    void aJmsQueueConsumerReadsAnMqttSessionsSubscriptionByItsFullyQualifiedName() throws Exception {
        MqttClient device = mqtt("fq-dev", false); // persistent: subscription fq-dev.sensors.kitchen.temp
        device.subscribe("sensors/kitchen/temp", 1);
        device.disconnect();
        MqttClient pub = mqtt("fq-pub", true);
        publish(pub, "sensors/kitchen/temp", PAYLOAD);
        pub.disconnect();
        Session s = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(
                s.createQueue("sensors.kitchen.temp::fq-dev.sensors.kitchen.temp"));
        Message m = consumer.receive(10_000);
        assertThat(m).as("read through the FQQN").isNotNull();
        assertThat(bytes(m)).containsExactly(PAYLOAD);
        consumer.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.engine().queue("fq-dev.sensors.kitchen.temp")
                .map(q -> q.messageCount() == 0).orElse(false));
    }
}
