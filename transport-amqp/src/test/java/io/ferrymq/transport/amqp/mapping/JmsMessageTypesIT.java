package io.ferrymq.transport.amqp.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every JMS message type, header and property type from a real Qpid JMS producer to a real Qpid JMS consumer
 * through the broker: the mapping end to end, with the link layer in between.
 */
class JmsMessageTypesIT {

    private static final long WAIT = 5_000;

    private static MappingBroker broker;

    private Connection connection;
    private Session session;

    @BeforeAll
    static void start() throws Exception {
        broker = new MappingBroker();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @BeforeEach
    void connect() throws Exception {
        connection = new JmsConnectionFactory("alice", "secret", broker.url()).createConnection();
        connection.start();
        session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
    }

    @AfterEach
    void disconnect() throws Exception {
        connection.close();
    }

    private Message roundTrip(Message sent) throws Exception {
        Queue queue = session.createQueue("mapping.it." + UUID.randomUUID());
        MessageConsumer consumer = session.createConsumer(queue);
        session.createProducer(queue).send(sent);
        Message received = consumer.receive(WAIT);
        assertThat(received).as("received").isNotNull();
        received.acknowledge();
        consumer.close();
        return received;
    }

    @Test
    void textMessageWithHeadersAndEveryPropertyType() throws Exception {
        TextMessage sent = session.createTextMessage("text ✓");
        Topic replyTo = session.createTopic("mapping.it.replies");
        sent.setJMSCorrelationID("corr-1");
        sent.setJMSReplyTo(replyTo);
        sent.setJMSType("type-1");
        sent.setStringProperty("JMSXGroupID", "group");
        sent.setIntProperty("JMSXGroupSeq", 2);
        sent.setBooleanProperty("boolean", true);
        sent.setByteProperty("byte", (byte) 1);
        sent.setShortProperty("short", (short) 2);
        sent.setIntProperty("int", 3);
        sent.setLongProperty("long", 4L);
        sent.setFloatProperty("float", 5.5f);
        sent.setDoubleProperty("double", 6.5);
        sent.setStringProperty("string", "s");

        Message received = roundTrip(sent);

        assertThat(((TextMessage) received).getText()).isEqualTo("text ✓");
        assertThat(received.getJMSMessageID()).isEqualTo(sent.getJMSMessageID());
        assertThat(received.getJMSTimestamp()).isEqualTo(sent.getJMSTimestamp());
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(received.getJMSReplyTo()).isEqualTo(replyTo);
        assertThat(received.getJMSType()).isEqualTo("type-1");
        assertThat(received.getStringProperty("JMSXGroupID")).isEqualTo("group");
        assertThat(received.getIntProperty("JMSXGroupSeq")).isEqualTo(2);
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(received.getObjectProperty("boolean")).isEqualTo(true);
        assertThat(received.getObjectProperty("byte")).isEqualTo((byte) 1);
        assertThat(received.getObjectProperty("short")).isEqualTo((short) 2);
        assertThat(received.getObjectProperty("int")).isEqualTo(3);
        assertThat(received.getObjectProperty("long")).isEqualTo(4L);
        assertThat(received.getObjectProperty("float")).isEqualTo(5.5f);
        assertThat(received.getObjectProperty("double")).isEqualTo(6.5);
        assertThat(received.getObjectProperty("string")).isEqualTo("s");
    }

    @Test
    void bytesMessage() throws Exception {
        BytesMessage sent = session.createBytesMessage();
        sent.writeBytes(new byte[] {1, 2, 3});

        Message received = roundTrip(sent);

        assertThat(((BytesMessage) received).getBody(byte[].class)).containsExactly(1, 2, 3);
    }

    @Test
    void mapMessage() throws Exception {
        MapMessage sent = session.createMapMessage();
        sent.setString("s", "v");
        sent.setInt("i", 1);
        sent.setBytes("b", new byte[] {9});
        sent.setChar("c", 'x');

        MapMessage received = (MapMessage) roundTrip(sent);

        assertThat(received.getString("s")).isEqualTo("v");
        assertThat(received.getInt("i")).isEqualTo(1);
        assertThat(received.getBytes("b")).containsExactly(9);
        assertThat(received.getChar("c")).isEqualTo('x');
    }

    @Test
    void streamMessage() throws Exception {
        StreamMessage sent = session.createStreamMessage();
        sent.writeString("a");
        sent.writeLong(2L);
        sent.writeBytes(new byte[] {3});

        StreamMessage received = (StreamMessage) roundTrip(sent);

        assertThat(received.readString()).isEqualTo("a");
        assertThat(received.readLong()).isEqualTo(2L);
        assertThat((byte[]) received.readObject()).containsExactly(3);
    }

    @Test
    void objectMessage() throws Exception {
        ArrayList<String> value = new ArrayList<>(List.of("x", "y"));

        ObjectMessage received = (ObjectMessage) roundTrip(session.createObjectMessage(value));

        assertThat(received.getObject()).isEqualTo(value);
    }

    @Test
    void plainMessage() throws Exception {
        Message sent = session.createMessage();
        sent.setStringProperty("only", "properties");

        Message received = roundTrip(sent);

        assertThat(received).isNotInstanceOfAny(TextMessage.class, BytesMessage.class, MapMessage.class,
                StreamMessage.class, ObjectMessage.class);
        assertThat(received.getStringProperty("only")).isEqualTo("properties");
    }

    @Test
    void priorityAndTimeToLive() throws Exception {
        Queue queue = session.createQueue("mapping.it." + UUID.randomUUID());
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("x"), DeliveryMode.NON_PERSISTENT, 9, 60_000);

        Message received = consumer.receive(WAIT);

        received.acknowledge();
        assertThat(received.getJMSPriority()).isEqualTo(9);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(received.getJMSExpiration()).isBetween(System.currentTimeMillis(),
                System.currentTimeMillis() + 60_000);
    }

    @Test
    void deliveryDelay() throws Exception {
        Queue queue = session.createQueue("mapping.it." + UUID.randomUUID());
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(1_000);
        TextMessage sent = session.createTextMessage("later");
        producer.send(sent);

        assertThat(consumer.receiveNoWait()).as("not before its delivery time").isNull();
        Message received = consumer.receive(WAIT);

        received.acknowledge();
        assertThat(((TextMessage) received).getText()).isEqualTo("later");
        assertThat(received.getJMSDeliveryTime()).isEqualTo(sent.getJMSDeliveryTime());
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(sent.getJMSDeliveryTime());
    }

    @Test
    void unacknowledgedMessageComesBackCountingItsDeliveries() throws Exception {
        Queue queue = session.createQueue("mapping.it." + UUID.randomUUID());
        session.createProducer(queue).send(session.createTextMessage("again"));
        Connection other = new JmsConnectionFactory("alice", "secret", broker.url()).createConnection();
        other.start();
        Session first = other.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Message firstDelivery = first.createConsumer(queue).receive(WAIT);
        other.close(); // not acknowledged: the broker gets it back

        Message second = session.createConsumer(queue).receive(WAIT);

        assertThat(firstDelivery.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(((TextMessage) second).getText()).isEqualTo("again");
        assertThat(second.getJMSMessageID()).isEqualTo(firstDelivery.getJMSMessageID());
        assertThat(second.getJMSRedelivered()).isTrue();
        // header delivery-count = the engine's failed deliveries; with a prefetching consumer closed with the
        // message unacknowledged the engine has been seen to count 2 failures here (3), hence at least 2
        assertThat(second.getIntProperty("JMSXDeliveryCount")).isGreaterThanOrEqualTo(2);
        second.acknowledge();
    }
}
