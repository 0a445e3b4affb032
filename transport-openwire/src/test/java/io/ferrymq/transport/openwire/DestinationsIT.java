package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Temporary topics, composite destinations and virtual topics with the real client. */
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
        assertThat(broker.engine.address(topic.getTopicName())).isPresent();

        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = other.createProducer(topic);
        p.send(other.createTextMessage("to all"));
        assertThat(((TextMessage) a.receive(TIMEOUT)).getText()).isEqualTo("to all");
        assertThat(((TextMessage) b.receive(TIMEOUT)).getText()).isEqualTo("to all");

        owner.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.engine.address(topic.getTopicName()).isEmpty());
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
        assertThat(broker.engine.queue(name + ".t")).as("the topic component is not a queue").isEmpty();
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
        Thread.sleep(100);
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
        assertThat(broker.engine.queue(queueName)).hasValueSatisfying(q -> assertThat(q.durable()).isTrue());
    }
}
