package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Session;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mqtt.js, the MQTT client for Node.js and browsers from npm, over the WebSocket listeners of the server process:
 * {@code src/test/web/mqtt-interop.js} connects over {@code ws://} and over {@code wss://} (trusting the run-time CA,
 * certificate checks on) with MQTT 3.1.1 and MQTT 5, subscribes with a wildcard, publishes at QoS 0 and 1, reads a
 * retained message and clears it, and (over wss) is refused without the CA. A message published over WebSocket also
 * reaches an ActiveMQ 5.18 JMS topic subscriber on OpenWire.
 */
@Timeout(180)
class MqttJsIT {

    private static final String SCRIPT = "mqtt-interop.js";
    private static final WebSocketFixture WEB = WebSocketFixture.create("mqttjs");

    @RegisterExtension
    static final FerryServerExtension SERVER = WEB.server();

    @BeforeAll
    static void install() throws Exception {
        WEB.install();
    }

    @ParameterizedTest(name = "{0} MQTT protocol version {1}")
    @CsvSource({"ws, 4", "ws, 5", "wss, 4", "wss, 5"})
    void wildcardQos0And1AndRetained(String scheme, int version) throws Exception {
        WEB.runScript(SCRIPT, Map.of("MQTT_URL", WEB.url(scheme, "/mqtt"), "MQTT_VERSION", Integer.toString(version),
                "TOPIC_ROOT", "mqttjs-" + scheme + "-v" + version));
    }

    /** MQTT topic {@code a/b/c} is the JMS topic {@code a.b.c}; the payload a BytesMessage, user properties strings. */
    @ParameterizedTest(name = "{0} MQTT protocol version {1}")
    @CsvSource({"ws, 4", "wss, 5"})
    void publishReachesJmsTopicSubscriber(String scheme, int version) throws Exception {
        String root = "mqttjs-to-jms-" + scheme + "-v" + version;
        try (Connection c = WEB.jms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createTopic(root + ".jms.reading"));
            WEB.runScript(SCRIPT, Map.of("MQTT_URL", WEB.url(scheme, "/mqtt"), "MQTT_VERSION",
                    Integer.toString(version), "TOPIC_ROOT", root, "SCENARIO", "to-jms"));

            Message m = consumer.receive(5_000);
            assertThat(m).as("the JMS copy of the mqtt.js publish").isInstanceOf(BytesMessage.class);
            byte[] body = new byte[(int) ((BytesMessage) m).getBodyLength()];
            ((BytesMessage) m).readBytes(body);
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("from mqtt.js");
            if (version == 5) {
                assertThat(m.getStringProperty("origin")).as("MQTT 5 user property").isEqualTo("mqtt.js");
            }
            assertThat(consumer.receive(200)).isNull();
        }
    }
}
