package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.command.ActiveMQTopic;
import org.apache.activemq.command.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Temporary topics, composite destinations (sending and consuming) and virtual topics with the real client. */
class DestinationsIT extends ClientSupport {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    EmbeddedBroker broker() {
        return broker;
    }

    @Test
    void temporaryTopicReachesEverySubscriberAndDiesWithItsConnection() throws Exception {
        Connection owner = connect();
        Session s = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryTopic topic = s.createTemporaryTopic();
        MessageConsumer a = s.createConsumer(topic);
        MessageConsumer b = s.createConsumer(topic);
        String topicName = topic.getTopicName();
        broker.engine().ifPresent(e -> assertThat(e.address(topicName)).isPresent());

        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = other.createProducer(topic);
        p.send(other.createTextMessage("to all"));
        assertThat(((TextMessage) a.receive(TIMEOUT)).getText()).isEqualTo("to all");
        assertThat(((TextMessage) b.receive(TIMEOUT)).getText()).isEqualTo("to all");

        owner.close();
        broker.engine().ifPresent(e -> await().atMost(Duration.ofSeconds(5))
                .until(() -> e.address(topicName).isEmpty()));
    }

    /**
     * ActiveMQConnection.destroyDestination of a queue removes it with its messages (ActiveMQ's RegionBroker; a JMS
     * test harness cleans up between tests with it), is refused while the queue has a consumer, and is a no-op for
     * a queue that does not exist. It was acknowledged and ignored: the messages stayed.
     */
    @Test
    void destroyDestinationRemovesAQueueWithItsMessages() throws Exception {
        ActiveMQConnection c = (ActiveMQConnection) connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        ActiveMQQueue queue = new ActiveMQQueue(name);
        MessageProducer p = s.createProducer(queue);
        p.send(s.createTextMessage("left behind 1"));
        p.send(s.createTextMessage("left behind 2"));

        MessageConsumer busy = s.createConsumer(queue, "false");
        assertThatThrownBy(() -> c.destroyDestination(queue)).isInstanceOf(JMSException.class);
        busy.close();

        c.destroyDestination(queue);
        c.destroyDestination(new ActiveMQQueue(name + ".never.used"));
        p.send(s.createTextMessage("after"));
        MessageConsumer consumer = s.createConsumer(queue);
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("after");
        assertThat(consumer.receive(200)).isNull();
    }

    @Test
    void compositeSendReachesEachQueue() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer a = s.createConsumer(s.createQueue(name + ".a"));
        MessageConsumer b = s.createConsumer(s.createQueue(name + ".b"));
        s.createProducer(s.createQueue(name + ".a," + name + ".b")).send(s.createTextMessage("both"));
        assertThat(((TextMessage) a.receive(TIMEOUT)).getText()).isEqualTo("both");
        assertThat(((TextMessage) b.receive(TIMEOUT)).getText()).isEqualTo("both");
    }

    @Test
    void compositeSendMixesQueuesAndTopics() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer queue = s.createConsumer(s.createQueue(name + ".q"));
        MessageConsumer topic = s.createConsumer(s.createTopic(name + ".t"));
        Queue composite = s.createQueue(name + ".q,topic://" + name + ".t");
        s.createProducer(composite).send(s.createTextMessage("mixed"));
        assertThat(((TextMessage) queue.receive(TIMEOUT)).getText()).isEqualTo("mixed");
        assertThat(((TextMessage) topic.receive(TIMEOUT)).getText()).isEqualTo("mixed");
        broker.engine().ifPresent(e -> assertThat(e.queue(name + ".t")).as("the topic component is not a queue")
                .isEmpty());
    }

    @Test
    void compositeConsumerReadsEachQueueAndAcksEachComponent() throws Exception {
        Session s = connect().createSession(false, Session.CLIENT_ACKNOWLEDGE);
        String a = name + ".a";
        String b = name + ".b";
        MessageConsumer consumer = s.createConsumer(new ActiveMQQueue(a + "," + b));
        MessageProducer p = s.createProducer(null);
        for (int i = 0; i < 3; i++) {
            p.send(s.createQueue(a), s.createTextMessage("a" + i));
            p.send(s.createQueue(b), s.createTextMessage("b" + i));
        }
        // one message in both components arrives twice, under distinct ids
        p.send(s.createQueue(a + "," + b), s.createTextMessage("both"));
        List<String> texts = new ArrayList<>();
        Set<MessageId> ids = new HashSet<>();
        Message last = null;
        for (int i = 0; i < 8; i++) {
            last = consumer.receive(TIMEOUT);
            assertThat(last).as("message %d", i).isNotNull();
            texts.add(((TextMessage) last).getText());
            ids.add(((ActiveMQMessage) last).getMessageId());
        }
        assertThat(texts).containsExactlyInAnyOrder("a0", "a1", "a2", "b0", "b1", "b2", "both", "both");
        assertThat(ids).hasSize(8);
        assertThat(consumer.receive(200)).isNull();
        last.acknowledge();
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(a) == 0 && depth(b) == 0);
    }

    @Test
    void compositeConsumerMixesQueuesAndTopics() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        String q = name + ".q";
        String t = name + ".t";
        MessageConsumer consumer = s.createConsumer(new ActiveMQQueue(q + ",topic://" + t));
        MessageProducer p = s.createProducer(null);
        p.send(s.createQueue(q), s.createTextMessage("to queue"));
        p.send(s.createTopic(t), s.createTextMessage("to topic"));
        Map<String, jakarta.jms.Destination> received = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            TextMessage m = (TextMessage) consumer.receive(TIMEOUT);
            assertThat(m).as("message %d", i).isNotNull();
            received.put(m.getText(), m.getJMSDestination());
        }
        assertThat(received).containsEntry("to queue", new ActiveMQQueue(q))
                .containsEntry("to topic", new ActiveMQTopic(t));
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(q) == 0);
        consumer.close();
        s.createProducer(s.createQueue(q)).send(s.createTextMessage("after close"));
        MessageConsumer plain = s.createConsumer(s.createQueue(q));
        assertThat(((TextMessage) plain.receive(TIMEOUT)).getText()).isEqualTo("after close");
    }

    @Test
    void compositeConsumerPullsWithPrefetchZero() throws Exception {
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        String a = name + ".a";
        String b = name + ".b";
        MessageConsumer consumer = s.createConsumer(new ActiveMQQueue(a + "," + b + "?consumer.prefetchSize=0"));
        assertThat(consumer.receiveNoWait()).isNull();
        MessageProducer p = s.createProducer(null);
        p.send(s.createQueue(a), s.createTextMessage("a"));
        p.send(s.createQueue(b), s.createTextMessage("b"));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TextMessage m = (TextMessage) consumer.receive(TIMEOUT);
            assertThat(m).as("message %d", i).isNotNull();
            texts.add(m.getText());
        }
        assertThat(texts).containsExactlyInAnyOrder("a", "b");
        assertThat(consumer.receiveNoWait()).isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(a) == 0 && depth(b) == 0);
    }

    private long depth(String queue) {
        return broker.engine().map(e -> e.queue(queue).map(info -> info.messageCount()).orElse(0L))
                .orElse(0L); // against the server process the depth is not visible: such waits pass at once
    }

    @Test
    void virtualTopicReachesEveryGroupAndCompetesInsideOne() throws Exception {
        String topicName = "VirtualTopic." + name;
        Connection c = connect();
        List<List<Message>> received = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>());
        String[] queues = {"Consumer.A." + topicName, "Consumer.A." + topicName, "Consumer.B." + topicName};
        for (int i = 0; i < 3; i++) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Message> into = received.get(i);
            s.createConsumer(s.createQueue(queues[i] + "?consumer.prefetchSize=1")).setMessageListener(into::add);
        }
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(ps.createTopic(topicName));
        for (int i = 0; i < 10; i++) {
            p.send(ps.createTextMessage("o" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(
                () -> received.get(0).size() + received.get(1).size() == 10 && received.get(2).size() == 10);
        assertThat(received.get(0)).as("group A competes").isNotEmpty();
        assertThat(received.get(1)).as("group A competes").isNotEmpty();
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5))
                .until(() -> received.get(0).size() + received.get(1).size() == 10);
        assertThat(received.get(0).size() + received.get(1).size()).isEqualTo(10);
    }

    @Test
    void aVirtualTopicQueueKeepsMessagesWithoutConsumers() throws Exception {
        String topicName = "VirtualTopic." + name;
        String queueName = "Consumer.A." + topicName;
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createConsumer(s.createQueue(queueName)).close();
        MessageProducer p = s.createProducer(s.createTopic(topicName));
        p.send(s.createTextMessage("kept"));

        QueueBrowser browser = s.createBrowser(s.createQueue(queueName));
        List<?> browsed = Collections.list(browser.getEnumeration());
        assertThat(browsed).hasSize(1);

        MessageConsumer consumer = s.createConsumer(s.createQueue(queueName));
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("kept");
        broker.engine().ifPresent(e -> assertThat(e.queue(queueName))
                .hasValueSatisfying(q -> assertThat(q.durable()).isTrue()));
    }
}
