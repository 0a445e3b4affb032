package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ScheduledMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ActiveMQ 5.18 client against the server process: consumer prefetch as the client configures it (0 = pull,
 * 1 = one message in flight) and scheduled delivery with the {@link ScheduledMessage} properties.
 */
@Timeout(60)
class ActiveMq5PrefetchSchedulingIT {

    private static final long TIMEOUT = 5_000;

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of());

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

    /** A started connection whose URL carries {@code options} (e.g. {@code jms.prefetchPolicy.all=0}). */
    private Connection connect(String options) throws Exception {
        String url = SERVER.server().tcpUrl();
        if (options != null) {
            url += (url.contains("?") ? "&" : "?") + options;
        }
        Connection c = new ActiveMQConnectionFactory(url).createConnection();
        connections.add(c);
        c.start();
        return c;
    }

    private void send(Queue q, String... texts) throws Exception {
        Session s = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
    }

    private static String text(Message m) throws Exception {
        return ((TextMessage) m).getText();
    }

    @Test
    void prefetchZeroPullsOnlyWhatItReceives() throws Exception {
        String prefetch0 = "jms.prefetchPolicy.all=0";
        Session s1 = connect(prefetch0).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s1.createQueue(name);
        send(q, "m0", "m1", "m2");

        MessageConsumer first = s1.createConsumer(q);
        Message got = first.receive(TIMEOUT);
        assertThat(got).as("receive(timeout) pulls a message sent before").isNotNull();
        assertThat(text(got)).isEqualTo("m0");

        // the first consumer never pulled m1 and m2: with prefetch 0 nothing sits in its buffer
        Session s2 = connect(prefetch0).createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer second = s2.createConsumer(q);
        List<String> secondGot = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Message m = second.receive(TIMEOUT);
            assertThat(m).as("second consumer message %d", i).isNotNull();
            secondGot.add(text(m));
        }
        assertThat(secondGot).containsExactly("m1", "m2");

        assertThat(first.receiveNoWait()).as("receiveNoWait on the empty queue").isNull();
        assertThat(second.receiveNoWait()).as("receiveNoWait on the empty queue").isNull();
        assertThat(first.receive(300)).isNull();

        // a message sent now is pulled by receive(timeout) again
        send(q, "m3");
        Message late = first.receive(TIMEOUT);
        assertThat(late).isNotNull();
        assertThat(text(late)).isEqualTo("m3");
    }

    @Test
    void prefetchOneSlowConsumerDoesNotHoldBackTheOthers() throws Exception {
        String prefetch1 = "jms.prefetchPolicy.all=1";
        Session slowSession = connect(prefetch1).createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue q = slowSession.createQueue(name);
        MessageConsumer slow = slowSession.createConsumer(q);
        send(q, "m0", "m1", "m2", "m3", "m4");

        Message held = slow.receive(TIMEOUT);
        assertThat(held).as("the slow consumer gets one message").isNotNull();
        String heldText = text(held);
        // never acknowledged: the slow consumer keeps it unacknowledged for the rest of the test

        Session fastSession = connect(prefetch1).createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer fast = fastSession.createConsumer(q);
        List<String> fastGot = new ArrayList<>();
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (fastGot.size() < 4 && System.currentTimeMillis() < deadline) {
            Message m = fast.receive(200);
            if (m != null) {
                fastGot.add(text(m));
            } else if (fastGot.size() >= 3) {
                break; // the rest is in the slow consumer's prefetch window
            }
        }
        // the slow consumer's unacknowledged message plus (at most) one prefetched by it stay away from the fast
        // one; with prefetch 1 the slow consumer may hold one delivered-but-unconsumed message besides `held`
        List<String> expected = new ArrayList<>(List.of("m0", "m1", "m2", "m3", "m4"));
        expected.remove(heldText);
        assertThat(fastGot).as("the second consumer is not blocked by the unacknowledged message")
                .hasSizeGreaterThanOrEqualTo(3)
                .doesNotContain(heldText)
                .isSubsetOf(expected)
                .doesNotHaveDuplicates();
    }

    @Test
    void aDelayedMessageArrivesAfterItsDelay() throws Exception {
        Session s = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        TextMessage m = s.createTextMessage("later");
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_DELAY, 500);
        long sent = System.currentTimeMillis();
        s.createProducer(q).send(m);

        assertThat(consumer.receive(200)).as("not there at 200 ms").isNull();
        Message got = consumer.receive(2_000 - (System.currentTimeMillis() - sent));
        assertThat(got).as("there by ~2 s").isNotNull();
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(450);
        assertThat(text(got)).isEqualTo("later");
    }

    @Test
    void periodAndRepeatDeliverRepeatPlusOneTimes() throws Exception {
        Session s = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageConsumer consumer = s.createConsumer(q);
        TextMessage m = s.createTextMessage("tick");
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_DELAY, 100);
        m.setLongProperty(ScheduledMessage.AMQ_SCHEDULED_PERIOD, 100);
        m.setIntProperty(ScheduledMessage.AMQ_SCHEDULED_REPEAT, 2);
        long sent = System.currentTimeMillis();
        s.createProducer(q).send(m);

        for (int i = 0; i < 3; i++) {
            Message tick = consumer.receive(TIMEOUT);
            assertThat(tick).as("delivery %d", i + 1).isNotNull();
            assertThat(text(tick)).isEqualTo("tick");
        }
        assertThat(System.currentTimeMillis() - sent).as("delay + 2 periods").isGreaterThanOrEqualTo(250);
        assertThat(consumer.receive(1_000)).as("no fourth delivery within 1 s").isNull();
    }
}
