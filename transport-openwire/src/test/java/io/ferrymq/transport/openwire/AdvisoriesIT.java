package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.advisory.AdvisorySupport;
import org.apache.activemq.advisory.ConsumerEvent;
import org.apache.activemq.advisory.ConsumerEventSource;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.ProducerInfo;
import org.apache.activemq.command.RemoveInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Consumer and producer advisories on request ({@code ActiveMQ.Advisory.Consumer.Queue.<name>}, ...). */
class AdvisoriesIT extends ClientSupport {

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
    void consumerAdvisoriesCarryTheConsumerInfoAndItsRemoval() throws Exception {
        ActiveMQQueue queue = new ActiveMQQueue(name);
        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer existing = other.createConsumer(queue);

        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer advisories = s.createConsumer(AdvisorySupport.getConsumerAdvisoryTopic(queue));
        ActiveMQMessage replayed = (ActiveMQMessage) advisories.receive(TIMEOUT);
        assertThat(replayed).as("an existing consumer is advised at once").isNotNull();
        assertThat(replayed.getDataStructure()).isInstanceOf(ConsumerInfo.class);

        MessageConsumer added = other.createConsumer(queue);
        ActiveMQMessage add = (ActiveMQMessage) advisories.receive(TIMEOUT);
        assertThat(add.getDataStructure()).isInstanceOfSatisfying(ConsumerInfo.class,
                info -> assertThat(info.getDestination()).isEqualTo(queue));
        assertThat(add.getIntProperty("consumerCount")).isEqualTo(2);
        ConsumerInfo info = (ConsumerInfo) add.getDataStructure();

        added.close();
        ActiveMQMessage removed = (ActiveMQMessage) advisories.receive(TIMEOUT);
        assertThat(removed.getDataStructure()).isInstanceOfSatisfying(RemoveInfo.class,
                r -> assertThat(r.getObjectId()).isEqualTo(info.getConsumerId()));
        assertThat(removed.getIntProperty("consumerCount")).isEqualTo(1);
        existing.close();
        assertThat(((ActiveMQMessage) advisories.receive(TIMEOUT)).getDataStructure()).isInstanceOf(RemoveInfo.class);
        assertThat(advisories.receive(200)).as("other destinations stay silent").isNull();
    }

    @Test
    void producerAdvisoriesCarryTheProducerInfoAndItsRemoval() throws Exception {
        ActiveMQQueue queue = new ActiveMQQueue(name);
        Session s = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer advisories = s.createConsumer(AdvisorySupport.getProducerAdvisoryTopic(queue));

        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = other.createProducer(queue);
        ActiveMQMessage add = (ActiveMQMessage) advisories.receive(TIMEOUT);
        assertThat(add.getDataStructure()).isInstanceOfSatisfying(ProducerInfo.class,
                info -> assertThat(info.getDestination()).isEqualTo(queue));
        ProducerInfo info = (ProducerInfo) add.getDataStructure();

        producer.close();
        ActiveMQMessage removed = (ActiveMQMessage) advisories.receive(TIMEOUT);
        assertThat(removed.getDataStructure()).isInstanceOfSatisfying(RemoveInfo.class,
                r -> assertThat(r.getObjectId()).isEqualTo(info.getProducerId()));
    }

    @Test
    void consumerEventSourceCountsConsumersOfAnotherConnection() throws Exception {
        Connection watcher = connect();
        Queue queue = new ActiveMQQueue(name);
        List<ConsumerEvent> events = new CopyOnWriteArrayList<>();
        ConsumerEventSource source = new ConsumerEventSource(watcher, queue);
        source.setConsumerListener(events::add);
        source.start();
        try {
            Connection other = connect();
            Session s = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(queue);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
            assertThat(events.get(0).isStarted()).isTrue();
            assertThat(events.get(0).getConsumerCount()).isEqualTo(1);
            other.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
            assertThat(events.get(1).isStarted()).isFalse();
            assertThat(events.get(1).getConsumerCount()).isZero();
            assertThat(consumer).isNotNull();
        } finally {
            source.stop();
        }
    }
}
