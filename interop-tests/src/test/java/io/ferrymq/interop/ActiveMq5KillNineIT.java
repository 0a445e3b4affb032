package io.ferrymq.interop;

import io.ferrymq.transport.testing.FerryServerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import org.apache.activemq.ActiveMQConnection;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 under a persistent send load, with the ActiveMQ 5.18 client: every send the broker confirmed (a
 * synchronous send returned) is delivered after a restart on the same data directory and port, exactly once, to a
 * consumer whose {@code failover:} connection was open before the kill and reconnected by itself.
 */
@Timeout(90)
class ActiveMq5KillNineIT {

    private static final String QUEUE = "ow5.kill9";
    private static final int CONFIRMED_BEFORE_KILL = 300;

    @RegisterExtension
    static final FerryServerExtension SERVER = FerryServerExtension.withEnv(Map.of(
            "FERRY_JOURNAL_DATASYNC", "true"));

    @Test
    void everyConfirmedPersistentSendSurvivesSigkillExactlyOnce() throws Exception {
        FerryServerProcess server = SERVER.server();

        // the consumer side: connected through failover before the kill, started only after the restart
        ActiveMQConnection consumerConnection = (ActiveMQConnection) new ActiveMQConnectionFactory(
                server.failoverUrl()).createConnection();
        Session consumerSession = consumerConnection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue(QUEUE));

        // the producer: plain tcp, synchronous persistent sends, until the broker dies under it
        Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
        AtomicInteger attempted = new AtomicInteger(-1);
        CompletableFuture<JMSException> producerEnd = CompletableFuture.supplyAsync(() -> produce(server, confirmed,
                attempted));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> confirmed.size() >= CONFIRMED_BEFORE_KILL || producerEnd.isDone());
        assertThat(producerEnd).as("the producer is still sending").isNotDone();
        server.kill();
        JMSException sendFailure = producerEnd.get(30, TimeUnit.SECONDS);
        assertThat(sendFailure).as("the send in flight failed").isNotNull();
        int inFlight = attempted.get(); // sent but never confirmed: may or may not have been stored

        server.restart();
        try {
            consumerConnection.start();
            List<Integer> received = new ArrayList<>();
            Message m;
            while ((m = consumer.receive(received.size() < confirmed.size() ? 15_000 : 1_000)) != null) {
                received.add(m.getIntProperty("seq"));
                if (received.size() % 50 == 0) {
                    consumerSession.commit();
                }
            }
            consumerSession.commit();
            System.out.printf("confirmed %d, received %d, in flight at the kill: %d%n", confirmed.size(),
                    received.size(), inFlight);

            assertThat(consumerConnection.getTransport().isConnected()).isTrue();
            assertThat(received).as("no duplicates").doesNotHaveDuplicates();
            assertThat(received).as("every confirmed send; broker output:%n%s", server.output())
                    .containsAll(confirmed);
            assertThat(received).as("nothing that was not sent").allMatch(seq -> confirmed.contains(seq)
                    || seq == inFlight);
            assertThat(confirmed.size()).isGreaterThanOrEqualTo(CONFIRMED_BEFORE_KILL);
        } finally {
            consumerConnection.close();
        }
        // the queue is empty for a fresh consumer too: the commits stuck
        Connection check = new ActiveMQConnectionFactory(server.tcpUrl()).createConnection();
        try {
            check.start();
            Session s = check.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThat(s.createConsumer(s.createQueue(QUEUE)).receive(500)).isNull();
        } finally {
            check.close();
        }
    }

    /** Sends until a send fails; returns that failure (null would mean it never failed). */
    private static JMSException produce(FerryServerProcess server, Set<Integer> confirmed, AtomicInteger attempted) {
        Connection c = null;
        try {
            ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(server.tcpUrl());
            f.setAlwaysSyncSend(true);
            c = f.createConnection();
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue(QUEUE);
            MessageProducer p = s.createProducer(q);
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
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
