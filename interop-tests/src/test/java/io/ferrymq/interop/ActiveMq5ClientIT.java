package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.InvalidClientIDException;
import javax.jms.JMSSecurityException;
import javax.jms.MapMessage;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Queue;
import javax.jms.QueueBrowser;
import javax.jms.Session;
import javax.jms.StreamMessage;
import javax.jms.TemporaryQueue;
import javax.jms.TextMessage;
import javax.jms.Topic;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.RedeliveryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ActiveMQ 5.18 JMS client (javax.jms, OpenWire as 5.x speaks it) against the server process: what a Classic
 * application repointed at FerryMQ does. One broker for the class; each test uses destinations of its own name.
 */
@Timeout(60)
class ActiveMq5ClientIT {

    private static final long TIMEOUT = 5_000;
    private static final String DLQ = "ActiveMQ.DLQ";
    private static final String USER = "alice";
    private static final String PASSWORD = "secret";
    /** {@code ferry hash-password --password secret}. */
    private static final String PASSWORD_HASH =
            "pbkdf2-sha256:310000:OvqqoaMZs+FJmPqfEt8YTQ==:0CDoxa31F6lAxAE8hHZFXcNFOf0fXj/Lkw1jHaFe2vA=";

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of(
                    "FERRY_ADDRESS_SETTINGS", "{\"#\": {deadLetterAddress: " + DLQ + "}}",
                    "FERRY_SECURITY_USERS_FILE", FerryServerExtension.WORK_DIR + "/users.yaml"))
            .withFile("users.yaml", "users:\n  " + USER + ":\n    password: \"" + PASSWORD_HASH + "\"\n"
                    + "    roles: [admin]\n");

    private final List<Connection> connections = new ArrayList<>();
    private String name;

    @BeforeEach
    void name(TestInfo info) {
        name = "ow5." + info.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeConnections() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already broken
            }
        }
    }

    private static ActiveMQConnectionFactory factory(String url) {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(url);
        f.setTrustedPackages(List.of("java.lang", "java.util", Parcel.class.getPackageName()));
        return f;
    }

    private Connection connect() throws Exception {
        return connect(factory(SERVER.server().tcpUrl()), null);
    }

    private Connection connect(ActiveMQConnectionFactory f, String clientId) throws Exception {
        Connection c = f.createConnection();
        connections.add(c);
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c;
    }

    @Test
    void connectsAnonymouslyFromLoopbackAndWithAUserOfTheUsersFile() throws Exception {
        ActiveMQConnection anonymous = (ActiveMQConnection) connect();
        assertThat(anonymous.getBrokerInfo()).as("BrokerInfo received").isNotNull();
        assertThat(anonymous.getProtocolVersion()).isGreaterThanOrEqualTo(12);
        Connection alice = factory(SERVER.server().tcpUrl()).createConnection(USER, PASSWORD);
        connections.add(alice);
        alice.start();
        alice.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(null);
    }

    @Test
    void aWrongPasswordIsAJmsSecurityException() throws Exception {
        Connection bad = factory(SERVER.server().tcpUrl()).createConnection(USER, "wrong");
        connections.add(bad);
        assertThatThrownBy(bad::start).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void duplicateClientIdIsAnInvalidClientIdException() throws Exception {
        connect(factory(SERVER.server().tcpUrl()), name);
        assertThatThrownBy(() -> connect(factory(SERVER.server().tcpUrl()), name))
                .isInstanceOf(InvalidClientIDException.class);
    }

    @Test
    void queueSendReceivePersistent() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("persistent"));
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        p.send(s.createTextMessage("non-persistent"));
        MessageConsumer consumer = s.createConsumer(q);
        TextMessage first = (TextMessage) consumer.receive(TIMEOUT);
        TextMessage second = (TextMessage) consumer.receive(TIMEOUT);
        assertThat(first.getText()).isEqualTo("persistent");
        assertThat(first.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(first.getJMSMessageID()).startsWith("ID:");
        assertThat(second.getText()).isEqualTo("non-persistent");
        assertThat(second.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(consumer.receiveNoWait()).isNull();
    }

    @Test
    void topicPublishReachesEverySubscriber() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("hello"));
        assertThat(((TextMessage) a.receive(TIMEOUT)).getText()).isEqualTo("hello");
        assertThat(((TextMessage) b.receive(TIMEOUT)).getText()).isEqualTo("hello");
        assertThat(a.receive(200)).isNull();
    }

    @Test
    void durableSubscriberOfflineAndBack() throws Exception {
        Connection c = connect(factory(SERVER.server().tcpUrl()), name + "-client");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        s.createDurableSubscriber(t, "sub").close();
        c.close();

        Connection publisher = connect();
        Session ps = publisher.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ps.createProducer(ps.createTopic(name)).send(ps.createTextMessage("while offline"));

        Connection back = connect(factory(SERVER.server().tcpUrl()), name + "-client");
        Session bs = back.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer sub = bs.createDurableSubscriber(bs.createTopic(name), "sub");
        assertThat(((TextMessage) sub.receive(TIMEOUT)).getText()).isEqualTo("while offline");
        sub.close();
        bs.unsubscribe("sub");
        ps.createProducer(ps.createTopic(name)).send(ps.createTextMessage("after unsubscribe"));
        assertThat(bs.createDurableSubscriber(bs.createTopic(name), "sub").receive(300)).isNull();
    }

    @Test
    void temporaryQueueRequestReply() throws Exception {
        Session server = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = server.createConsumer(server.createQueue(name));
        MessageProducer replies = server.createProducer(null);
        requests.setMessageListener(m -> {
            try {
                TextMessage reply = server.createTextMessage("re: " + ((TextMessage) m).getText());
                reply.setJMSCorrelationID(m.getJMSCorrelationID());
                replies.send(m.getJMSReplyTo(), reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replyTo = s.createTemporaryQueue();
        MessageConsumer replyConsumer = s.createConsumer(replyTo);
        TextMessage request = s.createTextMessage("ping");
        request.setJMSReplyTo(replyTo);
        request.setJMSCorrelationID("corr-1");
        s.createProducer(s.createQueue(name)).send(request);
        TextMessage reply = (TextMessage) replyConsumer.receive(TIMEOUT);
        assertThat(reply.getText()).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).isEqualTo("corr-1");
        replyConsumer.close();
        replyTo.delete();
    }

    @Test
    void localTransactionsCommitAndRollback() throws Exception {
        Connection c = connect();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = tx.createQueue(name);
        MessageProducer p = tx.createProducer(q);
        p.send(tx.createTextMessage("rolled back"));
        tx.rollback();
        p.send(tx.createTextMessage("committed"));
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer watcher = plain.createConsumer(q);
        assertThat(watcher.receive(300)).isNull();
        tx.commit();
        assertThat(((TextMessage) watcher.receive(TIMEOUT)).getText()).isEqualTo("committed");
        assertThat(watcher.receive(200)).isNull();
        watcher.close();

        plain.createProducer(q).send(plain.createTextMessage("consumed in tx"));
        MessageConsumer txConsumer = tx.createConsumer(q);
        assertThat(((TextMessage) txConsumer.receive(TIMEOUT)).getText()).isEqualTo("consumed in tx");
        tx.rollback();
        Message redelivered = txConsumer.receive(TIMEOUT);
        assertThat(((TextMessage) redelivered).getText()).isEqualTo("consumed in tx");
        assertThat(redelivered.getJMSRedelivered()).isTrue();
        tx.commit();
        txConsumer.close();
        assertThat(plain.createConsumer(q).receive(300)).isNull();
    }

    @Test
    void clientAcknowledgeAndRecover() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 3; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("m0");
        Message m1 = consumer.receive(TIMEOUT);
        assertThat(m1.getJMSRedelivered()).isFalse();
        m1.acknowledge(); // cumulative: m0 and m1
        Message m2 = consumer.receive(TIMEOUT);
        assertThat(((TextMessage) m2).getText()).isEqualTo("m2");
        assertThat(m2.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        s.recover();
        Message again = consumer.receive(TIMEOUT);
        assertThat(((TextMessage) again).getText()).isEqualTo("m2");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        consumer.close();
        s.close(); // m2 was never acknowledged: back on the queue

        MessageConsumer rest = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("m2");
        assertThat(rest.receive(200)).isNull();
    }

    @Test
    void poisonMessagePastTheRedeliveryPolicyGoesToTheDlqWithItsCause() throws Exception {
        ActiveMQConnectionFactory f = factory(SERVER.server().tcpUrl());
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(2);
        policy.setInitialRedeliveryDelay(0);
        policy.setRedeliveryDelay(0);
        f.setRedeliveryPolicy(policy);
        Connection c = connect(f, null);
        Session s = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("poison"));
        s.commit();
        MessageConsumer consumer = s.createConsumer(q);
        for (int attempt = 1; attempt <= 3; attempt++) {
            Message m = consumer.receive(TIMEOUT);
            assertThat(m).as("delivery %d", attempt).isNotNull();
            s.rollback();
        }
        assertThat(consumer.receive(300)).isNull();
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message dead = plain.createConsumer(plain.createQueue(DLQ)).receive(TIMEOUT);
        assertThat(dead).as("message in " + DLQ).isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo("poison");
        assertThat(dead.getStringProperty("dlqDeliveryFailureCause")).contains("redelivery policy limit");
        assertThat(plain.createConsumer(q).receive(200)).isNull();
    }

    @Test
    void everyMessageTypeRoundTrips() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);

        Message plainMessage = s.createMessage();
        plainMessage.setBooleanProperty("bool", true);
        plainMessage.setByteProperty("byte", (byte) 7);
        plainMessage.setShortProperty("short", (short) 300);
        plainMessage.setIntProperty("int", 70_000);
        plainMessage.setLongProperty("long", 1L << 40);
        plainMessage.setFloatProperty("float", 1.5f);
        plainMessage.setDoubleProperty("double", 2.25);
        plainMessage.setStringProperty("string", "s");
        plainMessage.setJMSType("plain-type");
        plainMessage.setJMSCorrelationID("corr");
        p.send(plainMessage);
        p.send(s.createTextMessage("text \u00e9\u4e2d"));
        BytesMessage bytes = s.createBytesMessage();
        bytes.writeBytes(new byte[] {1, 2, 3});
        bytes.writeInt(42);
        p.send(bytes);
        MapMessage map = s.createMapMessage();
        map.setString("k", "v");
        map.setInt("i", 42);
        map.setBytes("b", new byte[] {9});
        p.send(map);
        StreamMessage stream = s.createStreamMessage();
        stream.writeString("first");
        stream.writeLong(5L);
        stream.writeBoolean(true);
        p.send(stream);
        Parcel parcel = new Parcel("p-1", List.of("x", "y"));
        p.send(s.createObjectMessage(parcel));

        MessageConsumer consumer = s.createConsumer(q);
        Message m0 = consumer.receive(TIMEOUT);
        assertThat(m0).isNotInstanceOf(TextMessage.class).isNotInstanceOf(BytesMessage.class)
                .isNotInstanceOf(MapMessage.class).isNotInstanceOf(StreamMessage.class)
                .isNotInstanceOf(ObjectMessage.class);
        assertThat(m0.getBooleanProperty("bool")).isTrue();
        assertThat(m0.getByteProperty("byte")).isEqualTo((byte) 7);
        assertThat(m0.getShortProperty("short")).isEqualTo((short) 300);
        assertThat(m0.getIntProperty("int")).isEqualTo(70_000);
        assertThat(m0.getLongProperty("long")).isEqualTo(1L << 40);
        assertThat(m0.getFloatProperty("float")).isEqualTo(1.5f);
        assertThat(m0.getDoubleProperty("double")).isEqualTo(2.25);
        assertThat(m0.getStringProperty("string")).isEqualTo("s");
        assertThat(m0.getJMSType()).isEqualTo("plain-type");
        assertThat(m0.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("text \u00e9\u4e2d");
        BytesMessage b = (BytesMessage) consumer.receive(TIMEOUT);
        assertThat(b.getBodyLength()).isEqualTo(7);
        byte[] data = new byte[3];
        b.readBytes(data);
        assertThat(data).containsExactly(1, 2, 3);
        assertThat(b.readInt()).isEqualTo(42);
        MapMessage mm = (MapMessage) consumer.receive(TIMEOUT);
        assertThat(mm.getString("k")).isEqualTo("v");
        assertThat(mm.getInt("i")).isEqualTo(42);
        assertThat(mm.getBytes("b")).containsExactly(9);
        StreamMessage sm = (StreamMessage) consumer.receive(TIMEOUT);
        assertThat(sm.readString()).isEqualTo("first");
        assertThat(sm.readLong()).isEqualTo(5L);
        assertThat(sm.readBoolean()).isTrue();
        ObjectMessage om = (ObjectMessage) consumer.receive(TIMEOUT);
        assertThat(om.getObject()).isEqualTo(parcel);
    }

    @Test
    void anObjectMessageOfAnUntrustedPackageIsRefusedByTheClientNotTheBroker() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createObjectMessage(new Parcel("p-2", List.of())));
        ActiveMQConnectionFactory strict = new ActiveMQConnectionFactory(SERVER.server().tcpUrl());
        strict.setTrustedPackages(List.of("java.lang"));
        Session ss = connect(strict, null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        ObjectMessage om = (ObjectMessage) ss.createConsumer(q).receive(TIMEOUT);
        assertThatThrownBy(om::getObject).hasMessageContaining("not trusted");
    }

    @Test
    void selectors() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        int n = 0;
        for (String colour : List.of("red", "blue", "red")) {
            TextMessage m = s.createTextMessage(colour + n);
            m.setStringProperty("colour", colour);
            m.setIntProperty("n", n++);
            p.send(m);
        }
        MessageConsumer blue = s.createConsumer(q, "colour = 'blue' AND n > 0");
        assertThat(((TextMessage) blue.receive(TIMEOUT)).getText()).isEqualTo("blue1");
        assertThat(blue.receive(200)).isNull();
        blue.close();
        MessageConsumer rest = s.createConsumer(q, "colour <> 'blue'");
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("red0");
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("red2");
        assertThat(rest.receive(200)).isNull();
    }

    @Test
    void queueBrowserSeesWithoutConsuming() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("one"));
        p.send(s.createTextMessage("two"));
        QueueBrowser browser = s.createBrowser(q);
        List<String> seen = new ArrayList<>();
        for (Object m : Collections.list(browser.getEnumeration())) {
            seen.add(((TextMessage) m).getText());
        }
        browser.close();
        assertThat(seen).containsExactly("one", "two");
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("one");
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("two");
    }

    @Test
    void failoverUrlConnectsAndCarriesMessages() throws Exception {
        ActiveMQConnection c = (ActiveMQConnection) connect(factory(SERVER.server().failoverUrl()), null);
        assertThat(c.isTransportFailed()).isFalse();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("through failover"));
        assertThat(((TextMessage) s.createConsumer(q).receive(TIMEOUT)).getText()).isEqualTo("through failover");
        assertThat(c.getTransport().toString()).contains(SERVER.server().tcpUrl().substring("tcp://".length()));
    }
}
