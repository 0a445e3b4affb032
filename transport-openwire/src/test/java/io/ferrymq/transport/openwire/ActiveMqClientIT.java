package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQSession;
import org.apache.activemq.RedeliveryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The real ActiveMQ 6.x JMS client (jakarta.jms) against an embedded broker's OpenWire listener. */
class ActiveMqClientIT {

    private static final long TIMEOUT = 5_000;
    private static EmbeddedBroker broker;
    private final List<Connection> connections = new ArrayList<>();
    private String name;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @org.junit.jupiter.api.BeforeEach
    void name(TestInfo info) {
        name = "ow." + info.getTestMethod().orElseThrow().getName();
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

    private ActiveMQConnectionFactory factory(String url) {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(url);
        f.setTrustedPackages(List.of("java.lang", "java.util"));
        return f;
    }

    private Connection connect() throws Exception {
        return connect(factory(broker.url()), null);
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
    void nioUrlWorks() throws Exception {
        Connection c = connect(factory("nio://127.0.0.1:" + broker.port()), null);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("over nio"));
        assertThat(((TextMessage) s.createConsumer(q).receive(TIMEOUT)).getText()).isEqualTo("over nio");
    }

    @Test
    void queueSendReceivePersistentAndNonPersistent() throws Exception {
        for (String url : List.of(broker.url(), broker.autoUrl())) {
            Connection c = connect(factory(url), null);
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
            assertThat(second.getText()).isEqualTo("non-persistent");
            assertThat(second.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(first.getJMSMessageID()).startsWith("ID:");
            assertThat(consumer.receiveNoWait()).isNull();
            c.close();
        }
    }

    @Test
    void credentialsAreCheckedByTheEngine() throws Exception {
        Connection ok = factory(broker.url()).createConnection(EmbeddedBroker.USER, EmbeddedBroker.PASSWORD);
        connections.add(ok);
        ok.start();
        Connection bad = factory(broker.url()).createConnection(EmbeddedBroker.USER, "wrong");
        connections.add(bad);
        assertThatThrownBy(bad::start).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void duplicateClientIdIsRefused() throws Exception {
        connect(factory(broker.url()), name);
        assertThatThrownBy(() -> connect(factory(broker.url()), name)).isInstanceOf(InvalidClientIDException.class);
    }

    @Test
    void asyncSendsWithAProducerWindow() throws Exception {
        ActiveMQConnectionFactory f = factory(broker.url());
        f.setUseAsyncSend(true);
        f.setProducerWindowSize(1024);
        Connection c = connect(f, null);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 50; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 50; i++) {
            assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("m" + i);
        }
    }

    @Test
    void topicWithTwoSubscribers() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = s.createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("hello"));
        assertThat(((TextMessage) a.receive(TIMEOUT)).getText()).isEqualTo("hello");
        assertThat(((TextMessage) b.receive(TIMEOUT)).getText()).isEqualTo("hello");
    }

    @Test
    void wildcardTopicSubscription() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer all = s.createConsumer(s.createTopic(name + ".>"));
        MessageConsumer one = s.createConsumer(s.createTopic(name + ".*"));
        s.createProducer(s.createTopic(name + ".a.b")).send(s.createTextMessage("deep"));
        s.createProducer(s.createTopic(name + ".a")).send(s.createTextMessage("shallow"));
        assertThat(((TextMessage) all.receive(TIMEOUT)).getText()).isEqualTo("deep");
        assertThat(((TextMessage) all.receive(TIMEOUT)).getText()).isEqualTo("shallow");
        Message m = one.receive(TIMEOUT);
        assertThat(((TextMessage) m).getText()).isEqualTo("shallow");
        assertThat(((Topic) m.getJMSDestination()).getTopicName()).isEqualTo(name + ".a");
    }

    @Test
    void durableSubscriberOfflineAndBackThenUnsubscribe() throws Exception {
        Connection c = connect(factory(broker.url()), name + "-client");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        s.createDurableSubscriber(t, "sub").close();
        MessageProducer p = s.createProducer(t);
        p.send(s.createTextMessage("while offline"));
        MessageConsumer back = s.createDurableSubscriber(t, "sub");
        assertThat(((TextMessage) back.receive(TIMEOUT)).getText()).isEqualTo("while offline");
        back.close();
        s.unsubscribe("sub");
        p.send(s.createTextMessage("after unsubscribe"));
        MessageConsumer fresh = s.createDurableSubscriber(t, "sub");
        assertThat(fresh.receive(300)).isNull();
    }

    /**
     * A durable subscriber closed and created again at once on the same connection (JMS 1.1 §6.11.1): the client
     * sends the consumer's RemoveInfo one way, and the new ConsumerInfo was subscribed before the close had freed
     * the subscription ("subscription ... already has a consumer", about one round in three). ActiveMQ handles a
     * connection's commands in order.
     */
    @Test
    void durableSubscriberClosedAndCreatedAgainAtOnce() throws Exception {
        Connection c = connect(factory(broker.url()), name + "-client");
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        MessageProducer p = s.createProducer(t);
        for (int i = 0; i < 30; i++) {
            MessageConsumer d = s.createDurableSubscriber(t, "sub");
            p.send(s.createTextMessage("round " + i));
            assertThat(((TextMessage) d.receive(TIMEOUT)).getText()).isEqualTo("round " + i);
            d.close();
        }
        s.unsubscribe("sub");
    }

    @Test
    void temporaryQueueRequestReply() throws Exception {
        Connection serverConnection = connect();
        Session server = serverConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
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
        Connection client = connect();
        Session s = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
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
    void selectors() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (String colour : List.of("red", "blue", "red")) {
            TextMessage m = s.createTextMessage(colour);
            m.setStringProperty("colour", colour);
            p.send(m);
        }
        MessageConsumer blue = s.createConsumer(q, "colour = 'blue'");
        assertThat(((TextMessage) blue.receive(TIMEOUT)).getText()).isEqualTo("blue");
        assertThat(blue.receive(200)).isNull();
        blue.close();
        MessageConsumer rest = s.createConsumer(q);
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("red");
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("red");
    }

    @Test
    void queueBrowserSeesWithoutConsuming() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
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
    void clientAcknowledgeIsCumulativeAndUnackedComeBack() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 4; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        consumer.receive(TIMEOUT);
        Message second = consumer.receive(TIMEOUT);
        second.acknowledge();
        Message third = consumer.receive(TIMEOUT);
        assertThat(((TextMessage) third).getText()).isEqualTo("m2");
        consumer.close();
        s.close();
        Session again = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer rest = again.createConsumer(q);
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("m2");
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("m3");
        assertThat(rest.receive(200)).isNull();
    }

    @Test
    void individualAcknowledge() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, ActiveMQSession.INDIVIDUAL_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 3; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        consumer.receive(TIMEOUT);
        consumer.receive(TIMEOUT).acknowledge();
        consumer.receive(TIMEOUT);
        consumer.close();
        Session again = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer rest = again.createConsumer(q);
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("m0");
        assertThat(((TextMessage) rest.receive(TIMEOUT)).getText()).isEqualTo("m2");
        assertThat(rest.receive(200)).isNull();
    }

    @Test
    void recoverRedeliversWithRedeliveredAndDeliveryCount() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("again"));
        MessageConsumer consumer = s.createConsumer(q);
        Message first = consumer.receive(TIMEOUT);
        assertThat(first.getJMSRedelivered()).isFalse();
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        s.recover();
        Message second = consumer.receive(TIMEOUT);
        assertThat(((TextMessage) second).getText()).isEqualTo("again");
        assertThat(second.getJMSRedelivered()).isTrue();
        assertThat(second.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        second.acknowledge();
        assertThat(consumer.receive(200)).isNull();
    }

    @Test
    void localTransactionsForSendsAndReceives() throws Exception {
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
        watcher.close();

        plain.createProducer(q).send(plain.createTextMessage("consumed in tx"));
        MessageConsumer txConsumer = tx.createConsumer(q);
        assertThat(((TextMessage) txConsumer.receive(TIMEOUT)).getText()).isEqualTo("consumed in tx");
        tx.rollback();
        Message redelivered = txConsumer.receive(TIMEOUT);
        assertThat(redelivered.getJMSRedelivered()).isTrue();
        tx.commit();
        txConsumer.close();
        assertThat(plain.createConsumer(q).receive(300)).isNull();
    }

    @Test
    void prefetchZeroPullsWithTimeouts() throws Exception {
        ActiveMQConnectionFactory f = factory(broker.url());
        f.getPrefetchPolicy().setAll(0);
        Connection c = connect(f, null);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(consumer.receive(200)).isNull();
        assertThat(consumer.receiveNoWait()).isNull();
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("one"));
        p.send(s.createTextMessage("two"));
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("one");
        // with prefetch 0 nothing else is held by this consumer: a second consumer gets "two"
        MessageConsumer other = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertThat(((TextMessage) other.receive(TIMEOUT)).getText()).isEqualTo("two");
    }

    @Test
    void everyMessageTypeAndPropertyTypeRoundTrips() throws Exception {
        ActiveMQConnectionFactory f = factory(broker.url());
        Connection c = connect(f, null);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);

        Message plain = s.createMessage();
        plain.setBooleanProperty("bool", true);
        plain.setByteProperty("byte", (byte) 7);
        plain.setShortProperty("short", (short) 300);
        plain.setIntProperty("int", 70_000);
        plain.setLongProperty("long", 1L << 40);
        plain.setFloatProperty("float", 1.5f);
        plain.setDoubleProperty("double", 2.25);
        plain.setStringProperty("string", "s");
        plain.setJMSType("plain-type");
        plain.setJMSCorrelationID("corr");
        plain.setJMSReplyTo(s.createTopic("replies"));
        plain.setStringProperty("JMSXGroupID", "group-1");
        plain.setIntProperty("JMSXGroupSeq", 3);
        p.send(plain);
        p.send(s.createTextMessage("text"));
        BytesMessage bytes = s.createBytesMessage();
        bytes.writeBytes(new byte[] {1, 2, 3});
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
        ObjectMessage object = s.createObjectMessage(new ArrayList<>(List.of("x", "y")));
        p.send(object);

        MessageConsumer consumer = s.createConsumer(q);
        Message m0 = consumer.receive(TIMEOUT);
        assertThat(m0).isNotInstanceOf(TextMessage.class).isNotInstanceOf(BytesMessage.class);
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
        assertThat(((Topic) m0.getJMSReplyTo()).getTopicName()).isEqualTo("replies");
        assertThat(m0.getStringProperty("JMSXGroupID")).isEqualTo("group-1");
        assertThat(m0.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("text");
        BytesMessage b = (BytesMessage) consumer.receive(TIMEOUT);
        byte[] data = new byte[(int) b.getBodyLength()];
        b.readBytes(data);
        assertThat(data).containsExactly(1, 2, 3);
        MapMessage mm = (MapMessage) consumer.receive(TIMEOUT);
        assertThat(mm.getString("k")).isEqualTo("v");
        assertThat(mm.getInt("i")).isEqualTo(42);
        assertThat(mm.getBytes("b")).containsExactly(9);
        StreamMessage sm = (StreamMessage) consumer.receive(TIMEOUT);
        assertThat(sm.readString()).isEqualTo("first");
        assertThat(sm.readLong()).isEqualTo(5L);
        assertThat(sm.readBoolean()).isTrue();
        ObjectMessage om = (ObjectMessage) consumer.receive(TIMEOUT);
        assertThat(om.getObject()).isEqualTo(List.of("x", "y"));
    }

    /**
     * JMS 1.1 §3.11: the type of a message is that of the create method, body or no body (JORAM's
     * MessageTypeTest.testTextMessage_1). Without the type kept beside the empty body, both came back as a plain
     * Message; an ObjectMessage without object came back with an empty content that getObject() failed to read.
     */
    @Test
    void textAndObjectMessagesWithoutABodyKeepTheirType() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage());
        p.send(s.createObjectMessage());
        p.send(s.createMessage());
        MessageConsumer consumer = s.createConsumer(q);
        Message text = consumer.receive(TIMEOUT);
        assertThat(text).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) text).getText()).isNull();
        Message object = consumer.receive(TIMEOUT);
        assertThat(object).isInstanceOf(ObjectMessage.class);
        assertThat(((ObjectMessage) object).getObject()).isNull();
        Message plain = consumer.receive(TIMEOUT);
        assertThat(plain).isNotInstanceOf(TextMessage.class).isNotInstanceOf(ObjectMessage.class)
                .isNotInstanceOf(BytesMessage.class);
    }

    /**
     * JORAM ConnectionTest.testAcknowledge on a queue that had consumers before: the connection is stopped, the
     * receiver closed and replaced by one on a new session. Closing the last consumer of an auto-created empty queue
     * auto-deletes it (delay 0), and that deletion closed the replacement consumer (a ConsumerControl close) that had
     * looked the queue up just before: the message then waited in the queue while receive() timed out.
     */
    @Test
    void aConsumerReplacingTheLastOneOfAnAutoDeletedQueueKeepsReceiving() throws Exception {
        for (int i = 0; i < 5; i++) {
            String queue = name + "." + i;
            // an earlier test's sender and receiver: the receiver's close auto-deletes the empty queue
            Connection earlierSender = connect();
            Connection earlierReceiver = connect();
            Session es = earlierReceiver.createSession(false, Session.AUTO_ACKNOWLEDGE);
            es.createConsumer(es.createQueue(queue));
            Session ss = earlierSender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            ss.createProducer(ss.createQueue(queue));
            earlierSender.close();
            earlierReceiver.close();
            // PTPTestCase.setUp, then ConnectionTest.testAcknowledge
            Connection sending = connect();
            Connection receiving = connect();
            Session senderSession = sending.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer sender = senderSession.createProducer(senderSession.createQueue(queue));
            Session first = receiving.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer receiver = first.createConsumer(first.createQueue(queue));
            receiving.stop();
            Session second = receiving.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            receiver.close();
            receiver = second.createConsumer(second.createQueue(queue));
            receiving.start();
            sender.send(senderSession.createTextMessage("after " + i));
            Message m = receiver.receive(TIMEOUT);
            assertThat(m).as("round %d", i).isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) m).getText()).isEqualTo("after " + i);
            m.acknowledge();
        }
    }

    /**
     * Closing the last consumer of an auto-created queue auto-deletes it (delay 0) while another connection sends
     * to it: a message routed to the queue as it went was dropped although its send had succeeded (JORAM
     * QueueBrowserTest.testSenderBrowser: the first of two messages was missing now and then). A send now routes
     * again when its queue was deleted under it.
     */
    @Test
    void messagesSentWhileTheQueueIsAutoDeletedAreKept() throws Exception {
        Connection receiving = connect();
        Session rs = receiving.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session ss = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        for (int i = 0; i < 60; i++) {
            Queue queue = rs.createQueue(name + "." + i);
            MessageProducer sender = ss.createProducer(queue);
            rs.createConsumer(queue).close(); // one way: the queue empties of consumers while the sends arrive
            sender.send(ss.createTextMessage("first " + i));
            sender.send(ss.createTextMessage("second " + i));
            MessageConsumer receiver = rs.createConsumer(queue);
            assertThat(((TextMessage) receiver.receive(TIMEOUT)).getText()).as("round %d", i).isEqualTo("first " + i);
            assertThat(((TextMessage) receiver.receive(TIMEOUT)).getText()).isEqualTo("second " + i);
            receiver.close();
        }
    }

    @Test
    void compressedMessagesAreInflated() throws Exception {
        ActiveMQConnectionFactory f = factory(broker.url());
        f.setUseCompression(true);
        Connection c = connect(f, null);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        String text = "compress me ".repeat(200);
        p.send(s.createTextMessage(text));
        BytesMessage bytes = s.createBytesMessage();
        bytes.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.send(bytes);
        Connection plain = connect();
        MessageConsumer consumer = plain.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo(text);
        BytesMessage b = (BytesMessage) consumer.receive(TIMEOUT);
        assertThat(b.getBodyLength()).isEqualTo(text.length());
    }

    @Test
    void priorityOrdering() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (int priority : new int[] {1, 9, 4}) {
            p.setPriority(priority);
            p.send(s.createTextMessage("p" + priority));
        }
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("p9");
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("p4");
        Message last = consumer.receive(TIMEOUT);
        assertThat(last.getJMSPriority()).isEqualTo(1);
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.setTimeToLive(100);
        p.send(s.createTextMessage("short-lived"));
        p.setTimeToLive(0);
        p.send(s.createTextMessage("forever"));
        // let the first one expire: time itself is the subject here
        long expired = System.currentTimeMillis() + 300;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> System.currentTimeMillis() >= expired);
        MessageConsumer consumer = s.createConsumer(q);
        Message m = consumer.receive(TIMEOUT);
        assertThat(((TextMessage) m).getText()).isEqualTo("forever");
        assertThat(m.getJMSExpiration()).isZero();
    }

    @Test
    void poisonAckMovesTheMessageToTheDlqWithItsCause() throws Exception {
        ActiveMQConnectionFactory f = factory(broker.url());
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
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(consumer.receive(TIMEOUT)).isNotNull();
            attempts.incrementAndGet();
            s.rollback();
        }
        assertThat(consumer.receive(300)).isNull();
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message dead = plain.createConsumer(plain.createQueue(EmbeddedBroker.DLQ)).receive(TIMEOUT);
        assertThat(((TextMessage) dead).getText()).isEqualTo("poison");
        assertThat(dead.getStringProperty("dlqDeliveryFailureCause")).contains("redelivery policy limit");
        assertThat(attempts).hasValue(3);
    }
}
