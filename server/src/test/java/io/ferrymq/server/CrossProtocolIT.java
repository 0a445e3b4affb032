package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One message, four protocols: what a producer on one protocol sends, a consumer on another receives as the same
 * JMS type with the same headers and properties (docs/message-mapping.md). Qpid JMS 2.x speaks AMQP 1.0,
 * activemq-client 6.x OpenWire, Paho MQTT 3.1.1, and a raw socket STOMP 1.2, all against one server.
 */
class CrossProtocolIT {

    private static final long TIMEOUT = 5_000;
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 0, 'x'};

    @TempDir
    Path dataDir;

    private FerryServer server;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void start() {
        server = FerryServer.start(ServerFixture.config(dataDir), true);
    }

    @AfterEach
    void stop() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
        server.close();
    }

    private int port(String listener) {
        return server.address(listener).orElseThrow().getPort();
    }

    private Session amqp() throws Exception {
        return session(new JmsConnectionFactory("amqp://127.0.0.1:" + port("amqp")));
    }

    private Session openwire() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port("openwire"));
        factory.setTrustedPackages(List.of("java.util")); // the 6.x client trusts no package for ObjectMessage
        return session(factory);
    }

    private Session session(ConnectionFactory factory) throws Exception {
        Connection c = factory.createConnection();
        connections.add(c);
        c.start();
        return c.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    // ---- AMQP (Qpid JMS) <-> OpenWire (activemq-client) ----

    @Test
    void everyJmsMessageTypeCrossesFromQpidJmsToActiveMq() throws Exception {
        Session producer = amqp();
        Session consumer = openwire();
        crossEveryType(producer, consumer, "amqp-to-openwire");
    }

    @Test
    void everyJmsMessageTypeCrossesFromActiveMqToQpidJms() throws Exception {
        Session producer = openwire();
        Session consumer = amqp();
        crossEveryType(producer, consumer, "openwire-to-amqp");
    }

    private static void crossEveryType(Session producerSession, Session consumerSession, String queueName)
            throws Exception {
        Queue queue = producerSession.createQueue(queueName);
        MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(queueName));
        MessageProducer producer = producerSession.createProducer(queue);

        TextMessage text = producerSession.createTextMessage("héllo");
        text.setJMSCorrelationID("corr-1");
        text.setJMSType("greeting");
        text.setStringProperty("s", "v");
        text.setIntProperty("i", 42);
        text.setLongProperty("l", 1L << 40);
        text.setBooleanProperty("b", true);
        text.setDoubleProperty("d", 2.5);
        text.setJMSReplyTo(producerSession.createQueue("replies"));
        producer.send(text, jakarta.jms.DeliveryMode.PERSISTENT, 7, 0);

        MapMessage map = producerSession.createMapMessage();
        map.setString("name", "ferry");
        map.setInt("count", 3);
        map.setBytes("raw", BINARY);
        producer.send(map);

        BytesMessage bytes = producerSession.createBytesMessage();
        bytes.writeBytes(BINARY);
        producer.send(bytes);

        StreamMessage stream = producerSession.createStreamMessage();
        stream.writeString("one");
        stream.writeInt(2);
        stream.writeBoolean(true);
        producer.send(stream);

        ObjectMessage object = producerSession.createObjectMessage(new java.util.ArrayList<>(List.of("a", "b")));
        producer.send(object);

        Message m1 = consumer.receive(TIMEOUT);
        assertThat(m1).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) m1).getText()).isEqualTo("héllo");
        assertThat(m1.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(m1.getJMSType()).isEqualTo("greeting");
        assertThat(m1.getJMSPriority()).isEqualTo(7);
        assertThat(m1.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        assertThat(m1.getStringProperty("s")).isEqualTo("v");
        assertThat(m1.getIntProperty("i")).isEqualTo(42);
        assertThat(m1.getLongProperty("l")).isEqualTo(1L << 40);
        assertThat(m1.getBooleanProperty("b")).isTrue();
        assertThat(m1.getDoubleProperty("d")).isEqualTo(2.5);
        assertThat(m1.getJMSReplyTo()).isInstanceOf(Queue.class);
        assertThat(((Queue) m1.getJMSReplyTo()).getQueueName()).isEqualTo("replies");
        assertThat(((Queue) m1.getJMSDestination()).getQueueName()).isEqualTo(queueName);

        Message m2 = consumer.receive(TIMEOUT);
        assertThat(m2).isInstanceOf(MapMessage.class);
        assertThat(((MapMessage) m2).getString("name")).isEqualTo("ferry");
        assertThat(((MapMessage) m2).getInt("count")).isEqualTo(3);
        assertThat(((MapMessage) m2).getBytes("raw")).isEqualTo(BINARY);

        Message m3 = consumer.receive(TIMEOUT);
        assertThat(m3).isInstanceOf(BytesMessage.class);
        byte[] body = new byte[(int) ((BytesMessage) m3).getBodyLength()];
        ((BytesMessage) m3).readBytes(body);
        assertThat(body).isEqualTo(BINARY);

        Message m4 = consumer.receive(TIMEOUT);
        assertThat(m4).isInstanceOf(StreamMessage.class);
        assertThat(((StreamMessage) m4).readString()).isEqualTo("one");
        assertThat(((StreamMessage) m4).readInt()).isEqualTo(2);
        assertThat(((StreamMessage) m4).readBoolean()).isTrue();

        Message m5 = consumer.receive(TIMEOUT);
        assertThat(m5).isInstanceOf(ObjectMessage.class);
        // the broker carries the serialized bytes; the consumer's client deserializes them
        assertThat(((ObjectMessage) m5).getObject()).isEqualTo(List.of("a", "b"));
    }

    // ---- AMQP <-> MQTT ----

    @Test
    void mqttPayloadsReachQpidJmsAsBytesAndBack() throws Exception {
        Session jms = amqp();
        MessageConsumer fromMqtt = jms.createConsumer(jms.createTopic("sensors.kitchen.temp"));
        MqttClient mqtt = mqtt("cross-1");
        try {
            List<byte[]> arrived = new java.util.concurrent.CopyOnWriteArrayList<>();
            mqtt.subscribe("alerts/#", 1, (topic, msg) -> arrived.add(msg.getPayload()));

            MqttMessage reading = new MqttMessage(BINARY);
            reading.setQos(1);
            mqtt.publish("sensors/kitchen/temp", reading);
            Message m = fromMqtt.receive(TIMEOUT);
            assertThat(m).isInstanceOf(BytesMessage.class);
            byte[] body = new byte[(int) ((BytesMessage) m).getBodyLength()];
            ((BytesMessage) m).readBytes(body);
            assertThat(body).isEqualTo(BINARY);

            BytesMessage alert = jms.createBytesMessage();
            alert.writeBytes(BINARY);
            jms.createProducer(jms.createTopic("alerts.fire")).send(alert);
            jms.createProducer(jms.createTopic("alerts.text")).send(jms.createTextMessage("smoke"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> arrived.size() == 2);
            assertThat(arrived.get(0)).isEqualTo(BINARY);
            assertThat(new String(arrived.get(1), StandardCharsets.UTF_8)).isEqualTo("smoke");
        } finally {
            mqtt.disconnect();
            mqtt.close();
        }
    }

    private MqttClient mqtt(String id) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port("mqtt"), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        c.connect(o);
        return c;
    }

    // ---- STOMP <-> OpenWire, AMQP, MQTT ----

    @Test
    void stompSendWithoutContentLengthIsATextMessageAndWithItABytesMessage() throws Exception {
        Session activemq = openwire();
        MessageConsumer consumer = activemq.createConsumer(activemq.createQueue("stomp-in"));
        try (StompWire stomp = StompWire.connect(port("stomp"))) {
            stomp.send("SEND", Map.of("destination", "/queue/stomp-in", "color", "blue", "receipt", "r1"),
                    "plain text".getBytes(StandardCharsets.UTF_8), false);
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            stomp.send("SEND", Map.of("destination", "/queue/stomp-in", "receipt", "r2"), BINARY, true);
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        Message text = consumer.receive(TIMEOUT);
        assertThat(text).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) text).getText()).isEqualTo("plain text");
        assertThat(text.getStringProperty("color")).isEqualTo("blue");
        Message bytes = consumer.receive(TIMEOUT);
        assertThat(bytes).isInstanceOf(BytesMessage.class);
        byte[] body = new byte[(int) ((BytesMessage) bytes).getBodyLength()];
        ((BytesMessage) bytes).readBytes(body);
        assertThat(body).isEqualTo(BINARY);
    }

    @Test
    void jmsAndMqttMessagesReachStompWithTheirLength() throws Exception {
        try (StompWire stomp = StompWire.connect(port("stomp"))) {
            stomp.send("SUBSCRIBE", Map.of("destination", "/queue/stomp-out", "id", "1", "receipt", "s1"), null,
                    false);
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            stomp.send("SUBSCRIBE", Map.of("destination", "/topic/devices.d1", "id", "2", "receipt", "s2"), null,
                    false);
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");

            Session activemq = openwire();
            TextMessage text = activemq.createTextMessage("from openwire ü");
            text.setStringProperty("kind", "text");
            activemq.createProducer(activemq.createQueue("stomp-out")).send(text);
            Session qpid = amqp();
            BytesMessage bytes = qpid.createBytesMessage();
            bytes.writeBytes(BINARY);
            qpid.createProducer(qpid.createQueue("stomp-out")).send(bytes);
            MqttClient mqtt = mqtt("cross-2");
            mqtt.publish("devices/d1", new MqttMessage(BINARY));
            mqtt.disconnect();
            mqtt.close();

            StompWire.Frame first = stomp.read();
            assertThat(first.command()).isEqualTo("MESSAGE");
            byte[] utf8 = "from openwire ü".getBytes(StandardCharsets.UTF_8);
            assertThat(first.headers()).containsEntry("content-length", Integer.toString(utf8.length))
                    .containsEntry("kind", "text").containsEntry("subscription", "1");
            assertThat(first.body()).isEqualTo(utf8);

            StompWire.Frame second = stomp.read();
            assertThat(second.headers()).containsEntry("content-length", Integer.toString(BINARY.length));
            assertThat(second.body()).isEqualTo(BINARY);

            StompWire.Frame third = stomp.read();
            assertThat(third.headers()).containsEntry("subscription", "2")
                    .containsEntry("content-length", Integer.toString(BINARY.length));
            assertThat(third.body()).isEqualTo(BINARY);
        }
    }

    /** A minimal STOMP 1.2 client over a socket: enough to send frames and read them back, NULs included. */
    static final class StompWire implements AutoCloseable {

        record Frame(String command, Map<String, String> headers, byte[] body) {}

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private StompWire(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) TIMEOUT);
            this.in = new java.io.BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static StompWire connect(int port) throws IOException {
            StompWire w = new StompWire(new Socket("127.0.0.1", port));
            w.send("CONNECT", Map.of("accept-version", "1.2", "host", "localhost"), null, false);
            Frame connected = w.read();
            assertThat(connected.command()).as("%s", connected.headers()).isEqualTo("CONNECTED");
            return w;
        }

        void send(String command, Map<String, String> headers, byte[] body, boolean withLength) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            Map<String, String> all = new LinkedHashMap<>(headers);
            if (withLength && body != null) {
                all.put("content-length", Integer.toString(body.length));
            }
            for (Map.Entry<String, String> h : all.entrySet()) {
                frame.write((h.getKey() + ":" + h.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            frame.write('\n');
            if (body != null) {
                frame.write(body);
            }
            frame.write(0);
            out.write(frame.toByteArray());
            out.flush();
        }

        Frame read() throws IOException {
            String command;
            do {
                command = line(); // heart-beat EOLs between frames
            } while (command.isEmpty());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.putIfAbsent(h.substring(0, colon), h.substring(colon + 1));
            }
            byte[] body;
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                assertThat(in.read()).as("NUL after the body").isZero();
            } else {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int c = in.read(); c != 0; c = in.read()) {
                    if (c < 0) {
                        throw new IOException("connection closed in a frame");
                    }
                    b.write(c);
                }
                body = b.toByteArray();
            }
            return new Frame(command, headers, body);
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            try {
                send("DISCONNECT", Map.of(), null, false);
            } finally {
                socket.close();
            }
        }
    }
}
