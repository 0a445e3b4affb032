package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer behaviour with the real client: closing with prefetched messages, destination options
 * ({@code consumer.exclusive}, {@code consumer.priority}, {@code consumer.prefetchSize}), DUPS_OK, noLocal and
 * message groups.
 */
class ConsumerOptionsIT extends ClientSupport {

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

    private static void send(Session s, jakarta.jms.Destination d, String... texts) throws Exception {
        MessageProducer p = s.createProducer(d);
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
        p.close();
    }

    private long queued(String queue) {
        return broker.engine().orElseThrow().queue(queue).map(q -> q.messageCount()).orElse(0L); // auto-deleted when empty
    }

    /**
     * Messages the client prefetched but never handed to the application come back without a delivery attempt;
     * those the application saw without acknowledging come back redelivered.
     */
    @Test
    void closingAConsumerCountsOnlyWhatTheApplicationSaw() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        send(s, q, "m0", "m1", "m2", "m3", "m4");
        MessageConsumer first = s.createConsumer(q);
        assertThat(((TextMessage) first.receive(TIMEOUT)).getText()).isEqualTo("m0");
        assertThat(((TextMessage) first.receive(TIMEOUT)).getText()).isEqualTo("m1");
        first.close();

        Session s2 = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer second = s2.createConsumer(q);
        for (int i = 0; i < 5; i++) {
            TextMessage m = (TextMessage) second.receive(TIMEOUT);
            assertThat(m).isNotNull();
            boolean seen = m.getText().equals("m0") || m.getText().equals("m1");
            assertThat(m.getJMSRedelivered()).as("%s redelivered", m.getText()).isEqualTo(seen);
            assertThat(m.getIntProperty("JMSXDeliveryCount")).as("%s delivery count", m.getText())
                    .isEqualTo(seen ? 2 : 1);
        }
    }

    @Test
    void anExclusiveConsumerTakesEverything() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer plain = s.createConsumer(s.createQueue(name));
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer exclusive = s2.createConsumer(s2.createQueue(name + "?consumer.exclusive=true"));
        send(s, s.createQueue(name), "1", "2", "3", "4", "5", "6");
        for (int i = 0; i < 6; i++) {
            assertThat(exclusive.receive(TIMEOUT)).as("message %d", i).isNotNull();
        }
        assertThat(plain.receive(200)).isNull();
    }

    @Test
    void aHigherPriorityConsumerIsServedFirst() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer low = s.createConsumer(s.createQueue(name + "?consumer.priority=1"));
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer high = s2.createConsumer(s2.createQueue(name + "?consumer.priority=9"));
        send(s, s.createQueue(name), "1", "2", "3", "4", "5", "6");
        for (int i = 0; i < 6; i++) {
            assertThat(high.receive(TIMEOUT)).as("message %d", i).isNotNull();
        }
        assertThat(low.receive(200)).isNull();
    }

    /** With prefetch 1 a consumer that does not receive holds one message; the other consumer gets the rest. */
    @Test
    void prefetchSizeFromTheDestinationLimitsWhatAConsumerHolds() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer idle = s.createConsumer(s.createQueue(name + "?consumer.prefetchSize=1"));
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer busy = s2.createConsumer(s2.createQueue(name));
        send(s, s.createQueue(name), "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        for (int i = 0; i < 9; i++) {
            assertThat(busy.receive(TIMEOUT)).as("message %d", i).isNotNull();
        }
        assertThat(busy.receive(200)).isNull();
        assertThat(idle.receive(TIMEOUT)).isNotNull();
    }

    @Test
    void dupsOkAcknowledgementConsumesTheMessages() throws Exception {
        Connection c = connect();
        Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        for (int i = 0; i < 20; i++) {
            send(s, q, "m" + i);
        }
        MessageConsumer consumer = s.createConsumer(q);
        for (int i = 0; i < 20; i++) {
            assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("m" + i);
        }
        consumer.close();
        if (broker.engine().isPresent()) { // engine internals: checked in-process only
            await().atMost(Duration.ofSeconds(5)).until(() -> queued(name) == 0);
        }
    }

    @Test
    void noLocalSkipsTheConnectionsOwnMessages() throws Exception {
        Connection local = connect();
        Session s = local.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic t = s.createTopic(name);
        MessageConsumer consumer = s.createConsumer(t, null, true);
        send(s, t, "own");
        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        send(other, other.createTopic(name), "foreign");
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("foreign");
        assertThat(consumer.receive(200)).isNull();
    }

    /**
     * A group sticks to its consumer even while that consumer's prefetch (1) is full and another consumer is idle;
     * the message with JMSXGroupSeq -1 closes the group, so the next one goes to the other consumer while the first
     * still holds the closing message.
     */
    @Test
    void messageGroupsStickUntilClosed() throws Exception {
        Connection c = connect();
        Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        String options = "?consumer.prefetchSize=1";
        List<MessageConsumer> consumers = List.of(s1.createConsumer(s1.createQueue(name + options)),
                s2.createConsumer(s2.createQueue(name + options)));
        Session ps = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = ps.createProducer(ps.createQueue(name));
        p.send(grouped(ps, "g1", 1));

        List<Message> got = new CopyOnWriteArrayList<>();
        int[] owner = new int[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            for (int i = 0; i < 2; i++) {
                Message m = consumers.get(i).receiveNoWait();
                if (m != null) {
                    owner[0] = i;
                    got.add(m);
                }
            }
            return !got.isEmpty();
        });
        MessageConsumer mine = consumers.get(owner[0]);
        MessageConsumer other = consumers.get(1 - owner[0]);
        for (int i = 2; i <= 5; i++) {
            p.send(grouped(ps, "g" + i, i));
        }
        assertThat(other.receive(300)).as("the group sticks to its consumer").isNull();
        for (int i = 2; i <= 5; i++) {
            assertThat(((TextMessage) mine.receive(TIMEOUT)).getText()).isEqualTo("g" + i);
        }

        p.send(grouped(ps, "close", -1));
        if (broker.engine().isPresent()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> queued(name) == 1); // delivered to mine, not consumed
        } else {
            assertThat(other.receive(300)).as("the closing message went to its group's consumer").isNull();
        }
        p.send(grouped(ps, "reopened", 1));
        TextMessage reopened = (TextMessage) other.receive(TIMEOUT);
        assertThat(reopened).as("a closed group goes to a consumer with room").isNotNull();
        assertThat(reopened.getText()).isEqualTo("reopened");
        assertThat(((TextMessage) mine.receive(TIMEOUT)).getText()).isEqualTo("close");
    }

    private TextMessage grouped(Session s, String text, int sequence) throws Exception {
        TextMessage m = s.createTextMessage(text);
        m.setStringProperty("JMSXGroupID", "G");
        m.setIntProperty("JMSXGroupSeq", sequence);
        return m;
    }
}
