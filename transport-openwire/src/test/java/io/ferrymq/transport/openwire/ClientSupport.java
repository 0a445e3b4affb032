package io.ferrymq.transport.openwire;

import jakarta.jms.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** Connections a test opens with the real ActiveMQ client, closed after each test; a destination name per test. */
abstract class ClientSupport {

    static final long TIMEOUT = 5_000;
    private final List<Connection> connections = new ArrayList<>();
    String name;

    /** The broker the test talks to. */
    abstract EmbeddedBroker broker();

    @BeforeEach
    void name(TestInfo info) {
        name = "ow." + getClass().getSimpleName() + "." + info.getTestMethod().orElseThrow().getName();
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
        connections.clear();
    }

    ActiveMQConnectionFactory factory(String url) {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(url);
        f.setTrustedPackages(List.of("java.lang", "java.util"));
        return f;
    }

    Connection connect() throws Exception {
        return connect(factory(broker().url()), null);
    }

    Connection connect(ActiveMQConnectionFactory f, String clientId) throws Exception {
        Connection c = f.createConnection();
        return track(c, clientId);
    }

    <C extends Connection> C track(C c, String clientId) throws Exception {
        connections.add(c);
        if (clientId != null) {
            c.setClientID(clientId);
        }
        c.start();
        return c;
    }
}
