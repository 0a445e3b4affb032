package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ScheduledMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ActiveMQ's scheduler properties (AMQ_SCHEDULED_*) with the real client. */
class SchedulingIT extends ClientSupport {

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
    void aDelayedMessageArrivesAfterItsDelay() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        TextMessage m = s.createTextMessage("later");
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_DELAY, 500);
        long sent = System.currentTimeMillis();
        s.createProducer(q).send(m);
        assertThat(consumer.receive(200)).isNull();
        Message received = consumer.receive(TIMEOUT);
        assertThat(received).isNotNull();
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(450);
        assertThat(((TextMessage) received).getText()).isEqualTo("later");
    }

    @Test
    void periodAndRepeatDeliverTheMessageRepeatPlusOneTimes() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        TextMessage m = s.createTextMessage("tick");
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_DELAY, 100);
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_PERIOD, 100);
        m.setIntProperty(ScheduledMessage.AMQ_SCHEDULED_REPEAT, 2);
        long sent = System.currentTimeMillis();
        s.createProducer(q).send(m);
        for (int i = 0; i < 3; i++) {
            TextMessage tick = (TextMessage) consumer.receive(TIMEOUT);
            assertThat(tick).as("delivery %d", i + 1).isNotNull();
            assertThat(tick.getText()).isEqualTo("tick");
        }
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(250);
        assertThat(consumer.receive(500)).as("no fourth delivery").isNull();
    }

    /**
     * A cron schedule is accepted and registered, not delivered at once. Waiting for the next minute boundary would
     * make the test last up to a minute, so the firing itself is left to the engine's scheduler tests. (A malformed
     * expression never reaches the broker: the client validates it in setStringProperty.)
     */
    @Test
    void aCronScheduleIsAcceptedAndNotDeliveredAtOnce() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        MessageProducer p = s.createProducer(q);
        TextMessage m = s.createTextMessage("cron");
        m.setStringProperty(ScheduledMessage.AMQ_SCHEDULED_CRON, "0 0 1 1 *");
        p.send(m);
        assertThat(consumer.receive(500)).as("a cron message waits for its time").isNull();
        broker.engine().ifPresent(e -> assertThat(e.queue(name))
                .hasValueSatisfying(info -> assertThat(info.messageCount()).isZero()));
    }

    @Test
    void aScheduleInATransactionStartsAtCommit() throws Exception {
        Connection c = connect();
        Session s = c.createSession(true, Session.SESSION_TRANSACTED);
        Queue q = s.createQueue(name);
        Session r = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = r.createConsumer(q);
        TextMessage m = s.createTextMessage("tx");
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_PERIOD, 50);
        m.setIntProperty(ScheduledMessage.AMQ_SCHEDULED_REPEAT, 1);
        s.createProducer(q).send(m);
        assertThat(consumer.receive(300)).as("nothing before the commit").isNull();
        s.commit();
        assertThat(consumer.receive(TIMEOUT)).isNotNull();
        assertThat(consumer.receive(TIMEOUT)).isNotNull();
    }
}
