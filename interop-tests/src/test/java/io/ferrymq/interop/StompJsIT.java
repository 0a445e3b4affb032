package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.jms.BytesMessage;
import javax.jms.Connection;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Session;
import javax.jms.TextMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * @stomp/stompjs, the STOMP client for browsers and Node.js from npm, over the WebSocket listeners of the server
 * process (subprotocol {@code v12.stomp}): {@code src/test/web/stomp-interop.js} sends to and subscribes on
 * {@code /queue/...} with client-individual ack and nack, on {@code /topic/...} with an exact and a wildcard
 * subscription, and sends a binary body, over {@code ws://} and {@code wss://}. Messages also cross to and from an
 * ActiveMQ 5.18 JMS client on OpenWire.
 */
@Timeout(180)
class StompJsIT {

    private static final String SCRIPT = "stomp-interop.js";
    private static final WebSocketFixture WEB = WebSocketFixture.create("stompjs");

    @RegisterExtension
    static final FerryServerExtension SERVER = WEB.server();

    @BeforeAll
    static void install() throws Exception {
        WEB.install();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void queueAckNackTopicWildcardAndBinary(String scheme) throws Exception {
        WEB.runScript(SCRIPT, Map.of("STOMP_URL", WEB.url(scheme, "/stomp"), "DEST_ROOT", "stompjs-" + scheme));
    }

    /** amq-msg-type text makes a TextMessage although stompjs sends content-length; without it, a BytesMessage. */
    @Test
    void sendReachesJmsConsumer() throws Exception {
        String root = "stompjs-to-jms";
        WEB.runScript(SCRIPT, Map.of("STOMP_URL", WEB.url("wss", "/stomp"), "DEST_ROOT", root, "SCENARIO", "to-jms"));
        try (Connection c = WEB.jms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(root + ".to-jms"));
            Message text = consumer.receive(5_000);
            assertThat(text).as("the text message").isInstanceOf(TextMessage.class);
            assertThat(((TextMessage) text).getText()).isEqualTo("text from stompjs");
            assertThat(text.getStringProperty("kind")).isEqualTo("text");

            Message bytes = consumer.receive(5_000);
            assertThat(bytes).as("the bytes message").isInstanceOf(BytesMessage.class);
            assertThat(bytes.getStringProperty("kind")).isEqualTo("bytes");
            byte[] body = new byte[(int) ((BytesMessage) bytes).getBodyLength()];
            ((BytesMessage) bytes).readBytes(body);
            assertThat(body).containsExactly(1, 2, 3, 0);
            assertThat(consumer.receive(200)).isNull();
        }
    }

    @Test
    void jmsMessagesReachStompjs() throws Exception {
        String root = "stompjs-from-jms";
        try (Connection c = WEB.jms()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(root + ".from-jms"));
            TextMessage text = s.createTextMessage("text from jms");
            text.setStringProperty("kind", "text");
            text.setIntProperty("n", 42);
            p.send(text);
            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBytes(new byte[] {1, 2, 3, 0});
            bytes.setStringProperty("kind", "bytes");
            p.send(bytes);
        }
        WEB.runScript(SCRIPT, Map.of("STOMP_URL", WEB.url("ws", "/stomp"), "DEST_ROOT", root, "SCENARIO", "from-jms"));
    }
}
