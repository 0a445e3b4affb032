package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.transport.testing.FerryServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.Destination;
import javax.jms.InvalidClientIDException;
import javax.jms.InvalidDestinationException;
import javax.jms.JMSConsumer;
import javax.jms.JMSContext;
import javax.jms.JMSException;
import javax.jms.JMSSecurityException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.QueueBrowser;
import javax.jms.Session;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.TextMessage;
import javax.jms.Topic;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qpid JMS 1.x (javax.jms over AMQP 1.0, following the AMQP JMS Mapping) against the server process: what a Qpid
 * JMS application repointed at FerryMQ does, and what crosses to and from activemq-client 5.18 (OpenWire) on the
 * same broker. One broker for the class (AMQP on), each test on destinations of its own name; the kill -9 test
 * runs a broker of its own with the journal synced.
 */
@Timeout(60)
class QpidJms1IT {

    private static final long TIMEOUT = 5_000;
    private static final String USER = "alice";
    private static final String PASSWORD = "secret";
    /** {@code ferry hash-password --password secret}. */
    private static final String PASSWORD_HASH =
            "pbkdf2-sha256:310000:OvqqoaMZs+FJmPqfEt8YTQ==:0CDoxa31F6lAxAE8hHZFXcNFOf0fXj/Lkw1jHaFe2vA=";
    /**
     * Bounded waits, so that a broker that never answers fails a test instead of hanging it (Qpid JMS waits forever
     * for a send's disposition by default).
     */
    private static final String CLIENT_OPTIONS = "?jms.sendTimeout=15000&jms.requestTimeout=15000"
            + "&jms.connectTimeout=10000&jms.closeTimeout=5000"
            + "&jms.deserializationPolicy.allowList=java.lang,java.util,io.ferrymq.interop";

    private static final String DLQ = "qpid1.DLQ";
    /** Qpid JMS's per-message outcome for {@code acknowledge()} (JmsMessageSupport.JMS_AMQP_ACK_TYPE). */
    private static final String ACK_TYPE = "JMS_AMQP_ACK_TYPE";
    private static final int REJECTED = 2;
    private static final int RELEASED = 3;
    private static final int MODIFIED_FAILED = 4;
    private static final int MODIFIED_FAILED_UNDELIVERABLE = 5;

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of(
                    "FERRY_ADDRESS_SETTINGS", "{\"#\": {deadLetterAddress: " + DLQ + "}}",
                    "FERRY_SECURITY_USERS_FILE", FerryServerExtension.WORK_DIR + "/users.yaml"))
            .withFile("users.yaml", "users:\n  " + USER + ":\n    password: \"" + PASSWORD_HASH + "\"\n"
                    + "    roles: [admin]\n")
            .withListeners("amqp");

    private final List<Connection> connections = new ArrayList<>();
    private String name;

    @BeforeEach
    void name(TestInfo info) {
        name = "qpid1." + info.getTestMethod().orElseThrow().getName();
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

    private static String amqpUrl(FerryServerProcess server) {
        return "amqp://127.0.0.1:" + server.port("amqp") + CLIENT_OPTIONS;
    }

    private static JmsConnectionFactory factory() {
        return new JmsConnectionFactory(amqpUrl(SERVER.server()));
    }

    private Connection connect() throws Exception {
        return connect(null);
    }

    private Connection connect(String clientId) throws Exception {
        Connection c = factory().createConnection();
        connections.add(c);
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c;
    }

    private Connection openWire() throws Exception {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(SERVER.server().tcpUrl());
        f.setTrustedPackages(List.of("java.lang", "java.util", Parcel.class.getPackageName()));
        Connection c = f.createConnection();
        connections.add(c);
        c.start();
        return c;
    }

    private static String text(Message m) throws JMSException {
        assertThat(m).as("a message").isInstanceOf(TextMessage.class);
        return ((TextMessage) m).getText();
    }

    @Test
    void connectsAnonymouslyFromLoopbackAndWithAUserOfTheUsersFile() throws Exception {
        Connection anonymous = connect();
        assertThat(anonymous.getMetaData().getJMSProviderName()).contains("QpidJMS");
        anonymous.createSession(false, Session.AUTO_ACKNOWLEDGE).createProducer(null).close();

        Connection alice = factory().createConnection(USER, PASSWORD);
        connections.add(alice);
        alice.start();
        Session s = alice.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        s.createProducer(q).send(s.createTextMessage("from alice"));
        assertThat(text(s.createConsumer(q).receive(TIMEOUT))).isEqualTo("from alice");
    }

    @Test
    void aWrongPasswordIsAJmsSecurityException() {
        assertThatThrownBy(() -> {
            Connection bad = factory().createConnection(USER, "wrong");
            connections.add(bad);
            bad.start();
            bad.createSession(false, Session.AUTO_ACKNOWLEDGE);
        }).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void queueSendReceivePersistent() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        TextMessage sent = s.createTextMessage("persistent");
        p.send(sent);
        p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        p.send(s.createTextMessage("non-persistent"));

        MessageConsumer consumer = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        Message first = consumer.receive(TIMEOUT);
        Message second = consumer.receive(TIMEOUT);
        assertThat(text(first)).isEqualTo("persistent");
        assertThat(first.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(first.getJMSMessageID()).isEqualTo(sent.getJMSMessageID()).startsWith("ID:");
        assertThat(first.getJMSDestination()).isInstanceOf(Queue.class);
        assertThat(((Queue) first.getJMSDestination()).getQueueName()).isEqualTo(name);
        assertThat(first.getJMSRedelivered()).isFalse();
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(text(second)).isEqualTo("non-persistent");
        assertThat(second.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(consumer.receive(200)).isNull();
    }

    @Test
    void topicPublishReachesEverySubscriber() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        MessageConsumer a = s.createConsumer(t);
        MessageConsumer b = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(t);
        s.createProducer(t).send(s.createTextMessage("hello"));
        Message atA = a.receive(TIMEOUT);
        assertThat(text(atA)).isEqualTo("hello");
        assertThat(atA.getJMSDestination()).isInstanceOf(Topic.class);
        assertThat(((Topic) atA.getJMSDestination()).getTopicName()).isEqualTo(name);
        assertThat(text(b.receive(TIMEOUT))).isEqualTo("hello");
        assertThat(a.receive(200)).isNull();
        assertThat(b.receive(200)).isNull();
    }

    @Test
    void temporaryQueueRequestReply() throws Exception {
        Session server = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer requests = server.createConsumer(server.createQueue(name));
        MessageProducer replies = server.createProducer(null); // the anonymous relay
        CompletableFuture<Destination> requestReplyTo = new CompletableFuture<>();
        requests.setMessageListener(m -> {
            try {
                requestReplyTo.complete(m.getJMSReplyTo());
                TextMessage reply = server.createTextMessage("re: " + ((TextMessage) m).getText());
                reply.setJMSCorrelationID(m.getJMSCorrelationID());
                replies.send(m.getJMSReplyTo(), reply);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replyTo = s.createTemporaryQueue();
        assertThat(replyTo.getQueueName()).as("a dynamic node named by the broker").isNotBlank();
        MessageConsumer replyConsumer = s.createConsumer(replyTo);
        TextMessage request = s.createTextMessage("ping");
        request.setJMSReplyTo(replyTo);
        request.setJMSCorrelationID("corr-1");
        s.createProducer(s.createQueue(name)).send(request);
        Message reply = replyConsumer.receive(TIMEOUT);
        assertThat(text(reply)).isEqualTo("re: ping");
        assertThat(reply.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(requestReplyTo.join()).as("the request's JMSReplyTo (x-opt-jms-reply-type)")
                .isInstanceOf(TemporaryQueue.class).isEqualTo(replyTo);
        replyConsumer.close();
        replyTo.delete();
        assertThatThrownBy(() -> s.createProducer(replyTo).send(s.createTextMessage("too late")))
                .as("a deleted temporary queue is gone").isInstanceOf(JMSException.class);
    }

    /**
     * AMQP JMS Mapping: a message keeps the destination type its producer gave it in {@code x-opt-jms-dest} (2: a
     * temporary queue), so its consumer's JMSDestination is a TemporaryQueue again, whichever link it was sent on.
     */
    @Test
    void aMessageToATemporaryQueueKeepsItsDestinationType() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue temporary = s.createTemporaryQueue();
        MessageConsumer consumer = s.createConsumer(temporary);
        s.createProducer(null).send(temporary, s.createTextMessage("relayed"));
        s.createProducer(temporary).send(s.createTextMessage("direct"));
        Message relayed = consumer.receive(TIMEOUT);
        Message direct = consumer.receive(TIMEOUT);
        assertThat(text(relayed)).isEqualTo("relayed");
        assertThat(text(direct)).isEqualTo("direct");
        Destination relayedDestination = relayed.getJMSDestination();
        Destination directDestination = direct.getJMSDestination();
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(relayedDestination).as("JMSDestination of a message sent through the anonymous relay")
                    .isInstanceOf(TemporaryQueue.class).isEqualTo(temporary);
            softly.assertThat(directDestination).as("JMSDestination of a message from a producer on the queue")
                    .isInstanceOf(TemporaryQueue.class).isEqualTo(temporary);
        });
    }

    @Test
    void temporaryTopicReachesItsSubscribers() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic topic = s.createTemporaryTopic();
        MessageConsumer a = s.createConsumer(topic);
        MessageConsumer b = s.createConsumer(topic);
        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(topic).send(other.createTextMessage("to both"));
        assertThat(text(a.receive(TIMEOUT))).isEqualTo("to both");
        assertThat(text(b.receive(TIMEOUT))).isEqualTo("to both");
        a.close();
        b.close();
        topic.delete();
    }

    @Test
    void jms2SimplifiedApi() throws Exception {
        try (JMSContext context = factory().createContext()) {
            Queue q = context.createQueue(name);
            context.createProducer().setProperty("via", "JMSContext").send(q, "simplified");
            JMSConsumer consumer = context.createConsumer(q);
            Message m = consumer.receive(TIMEOUT);
            assertThat(m.getBody(String.class)).isEqualTo("simplified");
            assertThat(m.getStringProperty("via")).isEqualTo("JMSContext");
            context.createProducer().send(q, Map.of("k", "v"));
            assertThat(consumer.receiveBody(Map.class, TIMEOUT)).containsEntry("k", "v");
        }
    }

    /**
     * The broker sends empty frames within the client's own idle timeout (AMQP 1.0 §2.4.5), so a connection that
     * carries nothing for longer than that stays open.
     */
    @Test
    void anIdleConnectionIsKeptAliveByTheBrokersEmptyFrames() throws Exception {
        Connection c = new JmsConnectionFactory(amqpUrl(SERVER.server()) + "&amqp.idleTimeout=1000")
                .createConnection();
        connections.add(c);
        List<JMSException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        c.setExceptionListener(failures::add);
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        // four of the client's idle timeouts without a message
        Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .untilAsserted(() -> assertThat(failures).as("the connection was not dropped as idle").isEmpty());
        s.createProducer(q).send(s.createTextMessage("still here"));
        assertThat(text(s.createConsumer(q).receive(TIMEOUT))).isEqualTo("still here");
    }

    @Test
    void durableSubscriptionSurvivesReconnectUntilUnsubscribed() throws Exception {
        String clientId = name + "-client";
        Connection c = connect(clientId);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        s.createDurableSubscriber(t, "sub").close();
        c.close();

        Session ps = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer publisher = ps.createProducer(ps.createTopic(name));
        publisher.send(ps.createTextMessage("while offline"));

        Connection back = connect(clientId);
        Session bs = back.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer sub = bs.createDurableSubscriber(bs.createTopic(name), "sub");
        assertThat(text(sub.receive(TIMEOUT))).isEqualTo("while offline");
        assertThat(sub.receive(200)).isNull();
        sub.close();
        bs.unsubscribe("sub");

        publisher.send(ps.createTextMessage("after unsubscribe"));
        MessageConsumer fresh = bs.createDurableSubscriber(bs.createTopic(name), "sub");
        assertThat(fresh.receive(300)).as("a new subscription starts empty").isNull();
        fresh.close();
        bs.unsubscribe("sub");
    }

    /** Qpid JMS attaches with the link name and no source; the broker refuses with amqp:not-found. */
    @Test
    void unsubscribingAnUnknownSubscriptionIsAnInvalidDestinationException() throws Exception {
        Session s = connect(name + "-client").createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> s.unsubscribe("never-subscribed")).isInstanceOf(InvalidDestinationException.class);
    }

    @Test
    void sharedDurableSubscriptionSplitsMessagesAndSurvivesReconnect() throws Exception {
        Session s1 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s1.createTopic(name);
        MessageConsumer a = s1.createSharedDurableConsumer(t, "shared");
        MessageConsumer b = s2.createSharedDurableConsumer(s2.createTopic(name), "shared");
        MessageConsumer plain = s1.createConsumer(t);

        Session ps = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer publisher = ps.createProducer(ps.createTopic(name));
        for (int i = 0; i < 10; i++) {
            publisher.send(ps.createTextMessage("m" + i));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(text(plain.receive(TIMEOUT))).as("the plain subscriber sees every message").isEqualTo("m" + i);
        }
        List<String> shared = new ArrayList<>();
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (shared.size() < 10 && System.currentTimeMillis() < deadline) {
            for (MessageConsumer consumer : List.of(a, b)) {
                Message m = consumer.receive(100);
                if (m != null) {
                    shared.add(text(m));
                }
            }
        }
        assertThat(shared).as("each message once across the shared subscription")
                .containsExactlyInAnyOrderElementsOf(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7",
                        "m8", "m9"));
        assertThat(a.receive(100)).isNull();
        assertThat(b.receive(100)).isNull();
        a.close();
        b.close();

        publisher.send(ps.createTextMessage("while nobody listens"));
        Session s3 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer again = s3.createSharedDurableConsumer(s3.createTopic(name), "shared");
        assertThat(text(again.receive(TIMEOUT))).isEqualTo("while nobody listens");
        again.close();
        s3.unsubscribe("shared");
        publisher.send(ps.createTextMessage("after unsubscribe"));
        MessageConsumer fresh = s3.createSharedDurableConsumer(s3.createTopic(name), "shared");
        assertThat(fresh.receive(300)).as("a new subscription starts empty").isNull();
        fresh.close();
        s3.unsubscribe("shared");
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
        assertThat(text(blue.receive(TIMEOUT))).isEqualTo("blue1");
        assertThat(blue.receive(200)).isNull();
        blue.close();
        MessageConsumer rest = s.createConsumer(q, "colour <> 'blue'");
        assertThat(text(rest.receive(TIMEOUT))).isEqualTo("red0");
        assertThat(text(rest.receive(TIMEOUT))).isEqualTo("red2");
        assertThat(rest.receive(200)).isNull();
    }

    @Test
    void sharedNonDurableConsumersSplitMessagesAndVanishWithTheirLastConsumer() throws Exception {
        Session s1 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer a = s1.createSharedConsumer(s1.createTopic(name), "volatile");
        MessageConsumer b = s2.createSharedConsumer(s2.createTopic(name), "volatile");
        Session ps = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer publisher = ps.createProducer(ps.createTopic(name));
        for (int i = 0; i < 6; i++) {
            publisher.send(ps.createTextMessage("m" + i));
        }
        List<String> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (got.size() < 6 && System.currentTimeMillis() < deadline) {
            for (MessageConsumer consumer : List.of(a, b)) {
                Message m = consumer.receive(100);
                if (m != null) {
                    got.add(text(m));
                }
            }
        }
        assertThat(got).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5");
        a.close();
        b.close();
        publisher.send(ps.createTextMessage("nobody subscribed"));
        MessageConsumer later = s1.createSharedConsumer(s1.createTopic(name), "volatile");
        assertThat(later.receive(300)).as("a shared non-durable subscription ends with its last consumer").isNull();
    }

    @Test
    void noLocalSkipsTheConnectionsOwnMessages() throws Exception {
        Session own = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = own.createTopic(name);
        MessageConsumer noLocal = own.createConsumer(t, null, true);
        own.createProducer(t).send(own.createTextMessage("own"));
        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        other.createProducer(other.createTopic(name)).send(other.createTextMessage("other"));
        assertThat(text(noLocal.receive(TIMEOUT))).isEqualTo("other");
        assertThat(noLocal.receive(200)).isNull();
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
        assertThat(text(consumer.receive(TIMEOUT))).isEqualTo("one");
        assertThat(text(consumer.receive(TIMEOUT))).isEqualTo("two");
    }

    @Test
    void zeroPrefetchConsumerPullsWithDrain() throws Exception {
        Connection c = new JmsConnectionFactory(amqpUrl(SERVER.server()) + "&jms.prefetchPolicy.all=0")
                .createConnection();
        connections.add(c);
        c.start();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(consumer.receiveNoWait()).as("a drain on an empty queue ends with nothing").isNull();
        assertThat(consumer.receive(200)).isNull();
        MessageProducer p = s.createProducer(q);
        p.send(s.createTextMessage("pulled 1"));
        p.send(s.createTextMessage("pulled 2"));
        assertThat(text(consumer.receive(TIMEOUT))).isEqualTo("pulled 1");
        Message second = null;
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (second == null && System.currentTimeMillis() < deadline) {
            second = consumer.receiveNoWait(); // a drain: the message if the queue has one now
        }
        assertThat(text(second)).isEqualTo("pulled 2");
        assertThat(consumer.receiveNoWait()).isNull();
    }

    @Test
    void deliveryDelayHoldsTheMessageBack() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        MessageProducer p = s.createProducer(q);
        p.setDeliveryDelay(1_500);
        long sent = System.currentTimeMillis();
        p.send(s.createTextMessage("later"));
        assertThat(consumer.receive(500)).as("not before the delivery delay").isNull();
        Message m = consumer.receive(TIMEOUT);
        assertThat(text(m)).isEqualTo("later");
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(1_400);
        assertThat(m.getJMSDeliveryTime()).isGreaterThanOrEqualTo(sent + 1_500);
    }

    @Test
    void anExpiredMessageIsNotDelivered() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.setTimeToLive(100);
        long expiry = System.currentTimeMillis() + 100;
        p.send(s.createTextMessage("expires"));
        p.setTimeToLive(0);
        p.send(s.createTextMessage("stays"));
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> System.currentTimeMillis() > expiry + 200);
        MessageConsumer consumer = s.createConsumer(q);
        Message m = consumer.receive(TIMEOUT);
        assertThat(text(m)).isEqualTo("stays");
        assertThat(m.getJMSExpiration()).isZero();
        assertThat(consumer.receive(200)).isNull();
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
        assertThat(watcher.receive(300)).as("nothing before the commit").isNull();
        tx.commit();
        assertThat(text(watcher.receive(TIMEOUT))).isEqualTo("committed");
        assertThat(watcher.receive(200)).isNull();
        watcher.close();

        plain.createProducer(q).send(plain.createTextMessage("consumed in tx"));
        MessageConsumer txConsumer = tx.createConsumer(q);
        Message first = txConsumer.receive(TIMEOUT);
        assertThat(text(first)).isEqualTo("consumed in tx");
        assertThat(first.getJMSRedelivered()).isFalse();
        tx.rollback();
        Message redelivered = txConsumer.receive(TIMEOUT);
        assertThat(text(redelivered)).isEqualTo("consumed in tx");
        assertThat(redelivered.getJMSRedelivered()).isTrue();
        assertThat(redelivered.getIntProperty("JMSXDeliveryCount")).isGreaterThanOrEqualTo(2);
        tx.commit();
        txConsumer.close();
        MessageConsumer check = plain.createConsumer(q);
        assertThat(check.receive(300)).as("consumed by the commit").isNull();
        check.close();

        // a session runs many transactions over its life
        for (int i = 0; i < 3; i++) {
            p.send(tx.createTextMessage("batch " + i));
            tx.commit();
        }
        MessageConsumer batches = plain.createConsumer(q);
        for (int i = 0; i < 3; i++) {
            assertThat(text(batches.receive(TIMEOUT))).isEqualTo("batch " + i);
        }
    }

    /** Consume from one queue and produce to another in one transaction: both happen, or neither. */
    @Test
    void transactedForwardingIsAtomic() throws Exception {
        Connection c = connect();
        Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue in = plain.createQueue(name + ".in");
        Queue out = plain.createQueue(name + ".out");
        plain.createProducer(in).send(plain.createTextMessage("forward me"));

        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer fromIn = tx.createConsumer(in);
        MessageProducer toOut = tx.createProducer(out);
        Message m = fromIn.receive(TIMEOUT);
        toOut.send(tx.createTextMessage("forwarded: " + text(m)));
        tx.rollback();
        MessageConsumer outWatcher = plain.createConsumer(out);
        assertThat(outWatcher.receive(300)).as("the rolled back send").isNull();

        m = fromIn.receive(TIMEOUT);
        assertThat(text(m)).as("the rolled back receive is back").isEqualTo("forward me");
        toOut.send(tx.createTextMessage("forwarded: " + text(m)));
        tx.commit();
        assertThat(text(outWatcher.receive(TIMEOUT))).isEqualTo("forwarded: forward me");
        fromIn.close();
        assertThat(plain.createConsumer(in).receive(300)).as("the committed receive consumed it").isNull();
    }

    /** Connections at once, each sending and receiving: what a pool of application instances does. */
    @Test
    void tenConnectionsAtOnce() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(connect().createSession(false, Session.AUTO_ACKNOWLEDGE));
        }
        for (int i = 0; i < sessions.size(); i++) {
            Session s = sessions.get(i);
            Queue q = s.createQueue(name + "." + i);
            s.createProducer(q).send(s.createTextMessage("connection " + i));
            assertThat(text(s.createConsumer(q).receive(TIMEOUT))).isEqualTo("connection " + i);
        }
    }

    /** Several sessions on one connection, each with its own producer and consumer links, all at once. */
    @Test
    void manySessionsAndLinksOnOneConnection() throws Exception {
        Connection c = connect();
        int sessions = 4;
        int perSession = 200;
        List<CompletableFuture<List<String>>> results = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(name + "." + i);
            MessageConsumer consumer = s.createConsumer(q);
            MessageProducer p = s.createProducer(q);
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            int session = i;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    for (int n = 0; n < perSession; n++) {
                        p.send(s.createTextMessage(session + ":" + n));
                    }
                    List<String> got = new ArrayList<>();
                    Message m;
                    while (got.size() < perSession && (m = consumer.receive(TIMEOUT)) != null) {
                        got.add(text(m));
                    }
                    return got;
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < sessions; i++) {
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < perSession; n++) {
                expected.add(i + ":" + n);
            }
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).as("session %d, in order", i)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void clientAcknowledgeAndRecoverRedeliver() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < 3; i++) {
            p.send(s.createTextMessage("m" + i));
        }
        MessageConsumer consumer = s.createConsumer(q);
        assertThat(text(consumer.receive(TIMEOUT))).isEqualTo("m0");
        Message m1 = consumer.receive(TIMEOUT);
        assertThat(m1.getJMSRedelivered()).isFalse();
        m1.acknowledge(); // the session's: m0 and m1
        Message m2 = consumer.receive(TIMEOUT);
        assertThat(text(m2)).isEqualTo("m2");
        assertThat(m2.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        s.recover();
        Message again = consumer.receive(TIMEOUT);
        assertThat(text(again)).isEqualTo("m2");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isEqualTo(2);
        consumer.close();
        s.close(); // m2 was never acknowledged: back on the queue

        MessageConsumer rest = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        Message left = rest.receive(TIMEOUT);
        assertThat(text(left)).isEqualTo("m2");
        assertThat(rest.receive(200)).as("m0 and m1 were acknowledged").isNull();
    }

    /**
     * Qpid JMS opens with the client id as container id and asks for {@code sole-connection-for-container}; the
     * broker refuses a second one with {@code amqp:invalid-field} on {@code container-id}, which Qpid JMS reports as
     * an InvalidClientIDException (what OpenWire clients get in ActiveMq5ClientIT).
     */
    @Test
    void aSecondConnectionWithTheSameClientIdIsRefused() throws Exception {
        connect(name);
        assertThatThrownBy(() -> connect(name)).isInstanceOf(InvalidClientIDException.class);
    }

    /**
     * Qpid JMS's own outcomes (AMQP 1.0 §3.4): released puts the message back as it was, modified(delivery-failed)
     * counts an attempt, modified(undeliverable-here) keeps it from this consumer, rejected dead-letters it.
     */
    @Test
    void perMessageOutcomesReleasedModifiedRejected() throws Exception {
        Session s = connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);

        p.send(s.createTextMessage("release"));
        Message m = consumer.receive(TIMEOUT);
        m.setIntProperty(ACK_TYPE, RELEASED);
        m.acknowledge();
        m = consumer.receive(TIMEOUT);
        assertThat(text(m)).isEqualTo("release");
        assertThat(m.getIntProperty("JMSXDeliveryCount")).as("released: delivery-count unchanged").isEqualTo(1);
        m.acknowledge();

        p.send(s.createTextMessage("modified"));
        m = consumer.receive(TIMEOUT);
        m.setIntProperty(ACK_TYPE, MODIFIED_FAILED);
        m.acknowledge();
        m = consumer.receive(TIMEOUT);
        assertThat(text(m)).isEqualTo("modified");
        assertThat(m.getIntProperty("JMSXDeliveryCount")).as("modified(delivery-failed): one more").isEqualTo(2);
        assertThat(m.getJMSRedelivered()).isTrue();
        m.acknowledge();

        p.send(s.createTextMessage("not here"));
        m = consumer.receive(TIMEOUT);
        m.setIntProperty(ACK_TYPE, MODIFIED_FAILED_UNDELIVERABLE);
        m.acknowledge();
        assertThat(consumer.receive(300)).as("undeliverable-here: never to this consumer again").isNull();
        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThat(text(other.createConsumer(q).receive(TIMEOUT))).isEqualTo("not here");

        p.send(s.createTextMessage("reject"));
        m = consumer.receive(TIMEOUT);
        m.setIntProperty(ACK_TYPE, REJECTED);
        m.acknowledge();
        assertThat(consumer.receive(300)).as("rejected: not redelivered").isNull();
        Message dead = other.createConsumer(other.createQueue(DLQ)).receive(TIMEOUT);
        assertThat(text(dead)).as("dead-lettered to " + DLQ).isEqualTo("reject");
    }

    /** Larger than Qpid JMS's max frame size (1 MiB by default): transfers of many frames, both ways. */
    @Test
    void aLargeNonPersistentMessageSpansManyFrames() throws Exception {
        assertLargeMessageRoundTrips(5 * 1024 * 1024 + 17, DeliveryMode.NON_PERSISTENT);
    }

    /** A persistent message of some MiB goes through the journal like any other. */
    @Test
    void aLargePersistentMessageIsStoredAndDelivered() throws Exception {
        assertLargeMessageRoundTrips(2 * 1024 * 1024, DeliveryMode.PERSISTENT);
    }

    /** A persistent message over the journal's record limit (journal.fileSize) gets the reason; others go on. */
    @Test
    void aPersistentMessageOverTheJournalRecordLimitIsRefusedWithItsReason() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        BytesMessage big = s.createBytesMessage();
        big.writeBytes(new byte[11 * 1024 * 1024]);
        MessageProducer p = s.createProducer(s.createQueue(name));
        assertThatThrownBy(() -> p.send(big, DeliveryMode.PERSISTENT, 4, 0)).isInstanceOf(JMSException.class)
                .hasMessageContaining("raise journal.fileSize");
        p.send(s.createTextMessage("small"));
        assertThat(text(s.createConsumer(s.createQueue(name)).receive(TIMEOUT))).isEqualTo("small");
    }

    /**
     * A message over the broker's limit ({@code limits.maxFrameSize}, announced as max-message-size on the producer
     * link) fails that send with amqp:link:message-size-exceeded; the connection stays usable (docs/amqp.md).
     */
    @Test
    void aMessageOverTheSizeLimitFailsItsSendOnly(@TempDir Path dir) throws Exception {
        try (FerryServerProcess server = FerryServerProcess.start(dir.resolve("data"),
                Map.of("FERRY_LIMITS_MAX_FRAME_SIZE", "256KiB"), Set.of("amqp"), 0)) {
            Connection c = new JmsConnectionFactory(amqpUrl(server)).createConnection();
            connections.add(c);
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(name);
            BytesMessage tooBig = s.createBytesMessage();
            tooBig.writeBytes(new byte[300 * 1024]);
            MessageProducer p = s.createProducer(q);
            assertThatThrownBy(() -> p.send(tooBig)).isInstanceOf(JMSException.class)
                    .hasMessageContaining("message-size-exceeded");
            MessageProducer again = s.createProducer(q);
            again.send(s.createTextMessage("small"));
            assertThat(text(s.createConsumer(q).receive(TIMEOUT))).isEqualTo("small");
        }
    }

    private void assertLargeMessageRoundTrips(int size, int deliveryMode) throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        byte[] payload = new byte[size];
        new Random(42).nextBytes(payload);
        BytesMessage big = s.createBytesMessage();
        big.writeBytes(payload);
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(deliveryMode);
        p.send(big);
        Message m = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).receive(15_000);
        assertThat(m).isInstanceOf(BytesMessage.class);
        byte[] got = new byte[(int) ((BytesMessage) m).getBodyLength()];
        ((BytesMessage) m).readBytes(got);
        assertThat(got).isEqualTo(payload);
    }

    @Test
    void everyMessageTypeRoundTrips() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        Parcel parcel = EveryMessageType.send(s, p);
        EveryMessageType.assertReceived(s.createConsumer(q), parcel);
    }

    @Test
    void qpidJmsToActiveMq5EveryTypeAndProperties() throws Exception {
        Session qpid = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Parcel parcel = EveryMessageType.send(qpid, qpid.createProducer(qpid.createQueue(name)));
        Session ow = openWire().createSession(false, Session.AUTO_ACKNOWLEDGE);
        EveryMessageType.assertReceived(ow.createConsumer(ow.createQueue(name)), parcel);
    }

    @Test
    void activeMq5ToQpidJmsEveryTypeAndProperties() throws Exception {
        Session ow = openWire().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Parcel parcel = EveryMessageType.send(ow, ow.createProducer(ow.createQueue(name)));
        Session qpid = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        EveryMessageType.assertReceived(qpid.createConsumer(qpid.createQueue(name)), parcel);
    }

    /** A durable subscription is one engine subscription, whichever protocol made it (docs/amqp.md). */
    @Test
    void durableSubscriptionMadeByQpidJmsIsResumedByActiveMq5() throws Exception {
        String clientId = name + "-client";
        Connection qpid = connect(clientId);
        Session qs = qpid.createSession(false, Session.AUTO_ACKNOWLEDGE);
        qs.createDurableSubscriber(qs.createTopic(name), "sub").close();
        qpid.close();

        Session publisher = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        publisher.createProducer(publisher.createTopic(name)).send(publisher.createTextMessage("kept for sub"));

        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(SERVER.server().tcpUrl());
        Connection ow = f.createConnection();
        connections.add(ow);
        ow.setClientID(clientId);
        ow.start();
        Session os = ow.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer sub = os.createDurableSubscriber(os.createTopic(name), "sub");
        assertThat(text(sub.receive(TIMEOUT))).isEqualTo("kept for sub");
        sub.close();
        os.unsubscribe("sub");
    }

    @Test
    void topicCrossesBothWaysBetweenQpidJmsAndActiveMq5() throws Exception {
        Session qpid = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session ow = openWire().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer atQpid = qpid.createConsumer(qpid.createTopic(name));
        MessageConsumer atOw = ow.createConsumer(ow.createTopic(name));
        TextMessage fromQpid = qpid.createTextMessage("from qpid");
        fromQpid.setStringProperty("origin", "amqp");
        qpid.createProducer(qpid.createTopic(name)).send(fromQpid);
        TextMessage fromOw = ow.createTextMessage("from openwire");
        fromOw.setStringProperty("origin", "openwire");
        ow.createProducer(ow.createTopic(name)).send(fromOw);
        for (MessageConsumer consumer : List.of(atQpid, atOw)) {
            Map<String, String> got = new java.util.TreeMap<>();
            for (int i = 0; i < 2; i++) {
                Message m = consumer.receive(TIMEOUT);
                got.put(m.getStringProperty("origin"), text(m));
            }
            assertThat(got).containsExactly(Map.entry("amqp", "from qpid"), Map.entry("openwire", "from openwire"));
        }
    }

    /**
     * kill -9 under a persistent send load: every send Qpid JMS saw confirmed (a synchronous persistent send
     * returns when the broker's disposition settles it, AMQP 1.0 §3.4) is delivered after a restart, exactly once,
     * to a consumer whose {@code failover:} connection was open before the kill and reconnected by itself.
     */
    @Test
    @Timeout(120)
    void everyConfirmedPersistentSendSurvivesSigkill(@TempDir Path dir) throws Exception {
        int confirmedBeforeKill = 300;
        String queue = name;
        try (FerryServerProcess server = FerryServerProcess.start(dir.resolve("data"),
                Map.of("FERRY_JOURNAL_DATASYNC", "true"), Set.of("amqp"), 0)) {
            // the consumer: connected through Qpid JMS failover before the kill, started only after the restart
            Connection consumerConnection = new JmsConnectionFactory("failover:(amqp://127.0.0.1:"
                    + server.port("amqp") + ")" + CLIENT_OPTIONS + "&failover.initialReconnectDelay=100"
                    + "&failover.reconnectDelay=200&failover.useReconnectBackOff=false").createConnection();
            try {
                Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(queue));

                Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
                AtomicInteger attempted = new AtomicInteger(-1);
                CompletableFuture<JMSException> producerEnd = CompletableFuture.supplyAsync(() -> produce(server,
                        queue, confirmed, attempted));
                Awaitility.await().atMost(Duration.ofSeconds(30))
                        .until(() -> confirmed.size() >= confirmedBeforeKill || producerEnd.isDone());
                assertThat(producerEnd).as("the producer is still sending: %s", producerEnd).isNotDone();
                server.kill();
                JMSException sendFailure = producerEnd.get(30, TimeUnit.SECONDS);
                assertThat(sendFailure).as("the send in flight failed").isNotNull();
                int inFlight = attempted.get(); // sent but never confirmed: may or may not have been stored

                server.restart();
                consumerConnection.start();
                List<Integer> received = new ArrayList<>();
                Message m;
                while ((m = consumer.receive(received.size() < confirmed.size() ? 15_000 : 1_000)) != null) {
                    received.add(m.getIntProperty("seq"));
                }
                System.out.printf("qpid kill -9: confirmed %d, received %d, in flight at the kill: %d%n",
                        confirmed.size(), received.size(), inFlight);
                assertThat(received).as("no duplicates").doesNotHaveDuplicates();
                assertThat(received).as("every confirmed send; broker output:%n%s", server.output())
                        .containsAll(confirmed);
                assertThat(received).as("nothing that was not sent")
                        .allMatch(seq -> confirmed.contains(seq) || seq == inFlight);
                consumer.close();
            } finally {
                consumerConnection.close();
            }
            Connection check = new JmsConnectionFactory(amqpUrl(server)).createConnection();
            try {
                check.start();
                Session s = check.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThat(s.createConsumer(s.createQueue(queue)).receive(500)).as("the acknowledgements stuck")
                        .isNull();
            } finally {
                check.close();
            }
        }
    }

    /** Sends until a send fails; returns that failure (null would mean it never failed). */
    private static JMSException produce(FerryServerProcess server, String queue, Set<Integer> confirmed,
            AtomicInteger attempted) {
        Connection c = null;
        try {
            c = new JmsConnectionFactory(amqpUrl(server)).createConnection();
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT); // Qpid JMS sends these synchronously
            for (int seq = 0; seq < 1_000_000; seq++) {
                Message m = s.createTextMessage("payload " + seq);
                m.setIntProperty("seq", seq);
                attempted.set(seq);
                p.send(m);
                confirmed.add(seq);
            }
            return null;
        } catch (JMSException e) {
            return e;
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (JMSException ignored) {
                    // the broker is gone
                }
            }
        }
    }
}
