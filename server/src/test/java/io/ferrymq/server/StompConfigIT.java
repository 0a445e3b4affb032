package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.ConfigLoader;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code stomp:} section reaches the transport: destination prefixes of the operator's choosing. */
class StompConfigIT {

    @TempDir
    Path dataDir;

    @Test
    void queuePrefixComesFromTheConfiguration() throws Exception {
        var config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "dataDir", dataDir.toString(), "host", "127.0.0.1", "stomp.queuePrefix", "/q/"));
        try (FerryServer server = FerryServer.start(config, true)) {
            Connection c = new ActiveMQConnectionFactory(
                    "tcp://127.0.0.1:" + server.address("openwire").orElseThrow().getPort()).createConnection();
            try {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer orders = s.createConsumer(s.createQueue("orders"));
                try (CrossProtocolIT.StompWire stomp = CrossProtocolIT.StompWire.connect(
                        server.address("stomp").orElseThrow().getPort())) {
                    stomp.send("SEND", Map.of("destination", "/q/orders", "receipt", "1"),
                            "o-1".getBytes(StandardCharsets.UTF_8), false);
                    assertThat(stomp.read().command()).isEqualTo("RECEIPT");
                }
                assertThat(((TextMessage) orders.receive(5000)).getText()).isEqualTo("o-1");
            } finally {
                c.close();
            }
        }
    }
}
