package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MapMessage;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.StreamMessage;
import javax.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rhea, the AMQP 1.0 client for Node.js from npm, against the server process: {@code src/test/node/rhea-interop.js}
 * (rhea pinned in its package.json and package-lock.json) connects to the AMQP listener and walks through SASL,
 * queue send/receive with application properties, pre-settled sends, released/modified/rejected dispositions and
 * the anonymous relay (and, as scenarios of their own, a pipelined open and plain AMQP messages to and from Qpid
 * JMS), printing one line per step and exiting non-zero at the first failure.
 *
 * <p>The node directory is a {@link NodeProject}: installed under {@code target/} with {@code npm ci}. Node.js 18+
 * and npm must be on the PATH.
 */
@Timeout(180)
class RheaIT {

    private static final String SCRIPT = "rhea-interop.js";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final String USER = "alice";
    private static final String PASSWORD = "secret";
    /** {@code ferry hash-password --password secret}. */
    private static final String PASSWORD_HASH =
            "pbkdf2-sha256:310000:OvqqoaMZs+FJmPqfEt8YTQ==:0CDoxa31F6lAxAE8hHZFXcNFOf0fXj/Lkw1jHaFe2vA=";

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of(
                    "FERRY_SECURITY_USERS_FILE", FerryServerExtension.WORK_DIR + "/users.yaml"))
            .withFile("users.yaml", "users:\n  " + USER + ":\n    password: \"" + PASSWORD_HASH + "\"\n"
                    + "    roles: [admin]\n")
            .withListeners("amqp");

    private static NodeProject node;

    @BeforeAll
    static void install() throws Exception {
        node = NodeProject.install("node", 18); // rhea 3 needs Node.js 18 or later
    }

    @Test
    void anonymousWithoutSaslLayer(TestInfo info) throws Exception {
        runScript(Map.of("QUEUE", queue(info)));
    }

    @Test
    void saslPlainUserOfTheUsersFile(TestInfo info) throws Exception {
        runScript(Map.of("QUEUE", queue(info), "AMQP_USER", USER, "AMQP_PASSWORD", PASSWORD));
    }

    /**
     * rhea sends open, begin and attach in one go when links are opened right after {@code connect()}, before the
     * broker's open arrives: AMQP 1.0 §2.4.1 allows it (pipelined open), and the broker must answer the begin and
     * attaches once its own open is out.
     */
    @Test
    void pipelinedOpenBeginAttach(TestInfo info) throws Exception {
        runScript(Map.of("QUEUE", queue(info), "SCENARIO", "pipelined"));
    }

    /**
     * Plain AMQP messages from rhea (no JMS annotations) become the JMS message the AMQP JMS Mapping names for their
     * body: amqp-value string a TextMessage, map a MapMessage, list or amqp-sequence a StreamMessage, binary or data
     * a BytesMessage, data with a text/* content type a TextMessage; subject is JMSType, application properties are
     * JMS properties.
     */
    @Test
    void rheaToQpidJms(TestInfo info) throws Exception {
        String queue = queue(info);
        try (Connection c = qpidJms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue)); // the queue exists before rhea sends
            runScript(Map.of("QUEUE", queue, "SCENARIO", "to-jms"));

            Message string = receive(consumer, "string");
            assertThat(string).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) string).getText()).isEqualTo("amqp-value string");
            assertThat(string.getJMSType()).isEqualTo("a-subject");
            assertThat(string.getJMSCorrelationID()).isEqualTo("corr-rhea");
            assertThat(string.getJMSMessageID()).startsWith("ID:").endsWith("rhea-id-1");
            assertThat(string.getObjectProperty("n")).isEqualTo(7);
            assertThat(string.getObjectProperty("ratio")).isEqualTo(0.25);
            assertThat(string.getObjectProperty("flag")).isEqualTo(true);

            MapMessage map = (MapMessage) receive(consumer, "map");
            assertThat(((Number) map.getObject("a")).intValue()).isEqualTo(1);
            assertThat(map.getString("b")).isEqualTo("two");
            assertThat(map.getBoolean("c")).isTrue();

            StreamMessage list = (StreamMessage) receive(consumer, "list");
            assertThat(((Number) list.readObject()).intValue()).isEqualTo(1);
            assertThat(list.readString()).isEqualTo("two");
            assertThat(list.readBoolean()).isFalse();

            assertThat(bytes((BytesMessage) receive(consumer, "data"))).containsExactly(1, 2, 3);

            StreamMessage sequence = (StreamMessage) receive(consumer, "sequence");
            assertThat(((Number) sequence.readObject()).intValue()).isEqualTo(3);
            assertThat(sequence.readString()).isEqualTo("four");

            assertThat(bytes((BytesMessage) receive(consumer, "binary"))).containsExactly(9, 8);

            Message textData = receive(consumer, "text-data");
            assertThat(textData).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) textData).getText()).isEqualTo("caf\u00e9");

            assertThat(consumer.receive(200)).isNull();
        }
    }

    /** What Qpid JMS sends, as rhea sees it: checked by the script's from-jms scenario. */
    @Test
    void qpidJmsToRhea(TestInfo info) throws Exception {
        String queue = queue(info);
        try (Connection c = qpidJms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            TextMessage text = s.createTextMessage("text from jms");
            text.setStringProperty("kind", "text");
            text.setIntProperty("n", 42);
            text.setBooleanProperty("flag", true);
            text.setJMSType("jms-type");
            text.setJMSCorrelationID("corr-jms");
            p.send(text, DeliveryMode.PERSISTENT, 6, 0);
            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBytes(new byte[] {1, 2, 3});
            bytes.writeInt(42);
            p.send(bytes);
            MapMessage map = s.createMapMessage();
            map.setString("k", "v");
            map.setInt("i", 42);
            p.send(map);
            StreamMessage stream = s.createStreamMessage();
            stream.writeString("first");
            stream.writeInt(5);
            stream.writeBoolean(true);
            p.send(stream);
            p.send(s.createObjectMessage(new Parcel("p-rhea", List.of("x"))));
            Message plain = s.createMessage();
            plain.setStringProperty("kind", "plain");
            p.send(plain);
        }
        runScript(Map.of("QUEUE", queue, "SCENARIO", "from-jms"));
    }

    private static Connection qpidJms() throws JMSException {
        Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + SERVER.server().port("amqp")
                + "?jms.sendTimeout=15000&jms.requestTimeout=15000").createConnection();
        c.start();
        return c;
    }

    private static Message receive(MessageConsumer consumer, String kind) throws JMSException {
        Message m = consumer.receive(5_000);
        assertThat(m).as("the %s message", kind).isNotNull();
        assertThat(m.getStringProperty("kind")).as("application property kind").isEqualTo(kind);
        return m;
    }

    private static byte[] bytes(BytesMessage m) throws JMSException {
        byte[] data = new byte[(int) m.getBodyLength()];
        m.readBytes(data);
        return data;
    }

    private static String queue(TestInfo info) {
        return "rhea." + info.getTestMethod().orElseThrow().getName();
    }

    private static void runScript(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("AMQP_HOST", "127.0.0.1");
        all.put("AMQP_PORT", Integer.toString(SERVER.server().port("amqp")));
        node.runScript(SCRIPT, all, SCRIPT_TIMEOUT, () -> SERVER.server().output());
    }
}
