package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code failover:} client carries on across a broker restart on the same port and journal. */
class FailoverIT extends ClientSupport {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;

    @AfterEach
    void stopBroker() {
        closeConnections();
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    EmbeddedBroker broker() {
        return broker;
    }

    @Test
    void aPersistentMessageSentBeforeARestartIsReceivedAfterIt() throws Exception {
        broker = EmbeddedBroker.persistent(dir, 0);
        int port = broker.port();
        String url = "failover:(tcp://127.0.0.1:" + port + ")?initialReconnectDelay=50&maxReconnectDelay=200"
                + "&maxReconnectAttempts=100";
        Connection c = connect(factory(url), null);
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue q = s.createQueue(name);
        MessageProducer p = s.createProducer(q);
        p.setDeliveryMode(DeliveryMode.PERSISTENT);
        p.send(s.createTextMessage("before"));

        broker.close();
        broker = EmbeddedBroker.persistent(dir, port);

        MessageConsumer consumer = s.createConsumer(q);
        assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("before");
        p.send(s.createTextMessage("after"));
        assertThat(((TextMessage) consumer.receive(TIMEOUT)).getText()).isEqualTo("after");
    }
}
