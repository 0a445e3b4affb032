package io.ferrymq.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.server.config.ConfigLoader;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code openwire:} section reaches the transport: virtual topic names of the operator's choosing. */
class OpenWireConfigIT {

    @TempDir
    Path dataDir;

    @Test
    void virtualTopicNamesComeFromTheConfiguration() throws Exception {
        var config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of(
                "dataDir", dataDir.toString(), "host", "127.0.0.1",
                "openwire.virtualTopicPrefix", "VT.", "openwire.virtualTopicConsumerPattern", "Group.*."));
        try (FerryServer server = FerryServer.start(config, true)) {
            String url = "tcp://127.0.0.1:" + server.address("openwire").orElseThrow().getPort();
            Connection c = new ActiveMQConnectionFactory(url).createConnection();
            try {
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer billing = s.createConsumer(s.createQueue("Group.billing.VT.Orders"));
                MessageConsumer shipping = s.createConsumer(s.createQueue("Group.shipping.VT.Orders"));
                MessageConsumer classicName = s.createConsumer(s.createQueue("Consumer.x.VirtualTopic.Orders"));
                s.createProducer(s.createTopic("VT.Orders")).send(s.createTextMessage("order 1"));
                s.createProducer(s.createTopic("VirtualTopic.Orders")).send(s.createTextMessage("not virtual now"));

                assertThat(((TextMessage) billing.receive(5000)).getText()).isEqualTo("order 1");
                assertThat(((TextMessage) shipping.receive(5000)).getText()).isEqualTo("order 1");
                assertThat(classicName.receive(300)).as("the default names are plain names now").isNull();
            } finally {
                c.close();
            }
        }
    }
}
