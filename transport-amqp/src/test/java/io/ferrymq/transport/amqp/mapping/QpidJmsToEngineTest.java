package io.ferrymq.transport.amqp.mapping;

import static io.ferrymq.transport.amqp.mapping.MapperSupport.NOW;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.decode;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.decodeMessage;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.jms.JmsQueue;
import org.apache.qpid.jms.JmsTemporaryQueue;
import org.apache.qpid.jms.JmsTemporaryTopic;
import org.apache.qpid.jms.JmsTopic;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.junit.jupiter.api.Test;

/**
 * Messages as a Qpid JMS 2.x producer encodes them (its own codec), decoded by the mapper: the engine fields
 * OpenWire, STOMP and MQTT consumers read, and the JMS message a Qpid JMS consumer gets after the round trip
 * through the broker (decode, then encode for delivery).
 */
class QpidJmsToEngineTest {

    /** Broker round trip: what a Qpid JMS consumer gets for what a Qpid JMS producer sent. */
    private static JmsMessage throughBroker(ByteBuffer sent) throws Exception {
        return QpidJms.receive(encode(decodeMessage(sent)));
    }

    @Test
    void textMessageWithEveryHeader() throws Exception {
        TextMessage sent = QpidJms.newTextMessage();
        sent.setText("hello");
        sent.setJMSMessageID("ID:qpid-producer-1:1:1:1-1");
        sent.setJMSDestination(new JmsQueue("orders"));
        sent.setJMSTimestamp(NOW - 10);
        sent.setJMSExpiration(NOW + 30_000);
        sent.setJMSPriority(8);
        sent.setJMSDeliveryMode(DeliveryMode.PERSISTENT);
        sent.setJMSCorrelationID("corr");
        sent.setJMSReplyTo(new JmsTemporaryQueue("ID:temp-1"));
        sent.setJMSType("t");
        sent.setStringProperty("JMSXGroupID", "g");
        sent.setIntProperty("JMSXGroupSeq", 5);
        sent.setStringProperty("JMSXUserID", "bob");
        sent.setStringProperty("s", "v");
        sent.setIntProperty("i", 1);
        sent.setLongProperty("l", 2L);
        sent.setBooleanProperty("b", true);
        sent.setDoubleProperty("d", 0.5);
        sent.setFloatProperty("f", 0.25f);
        sent.setShortProperty("sh", (short) 3);
        sent.setByteProperty("by", (byte) 4);
        ByteBuffer bytes = QpidJms.send((JmsMessage) sent, 30_000);

        Message m = decodeMessage(bytes);

        assertThat(m.body()).isEqualTo(Body.text("hello"));
        assertThat(m.messageId()).isEqualTo("ID:qpid-producer-1:1:1:1-1");
        assertThat(m.address()).isEqualTo("orders");
        assertThat(m.routingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(m.timestamp()).isEqualTo(NOW - 10);
        assertThat(m.expiration()).isEqualTo(NOW + 30_000);
        assertThat(m.priority()).isEqualTo(8);
        assertThat(m.durable()).isTrue();
        assertThat(m.correlationId()).isEqualTo("corr");
        assertThat(m.replyTo()).isEqualTo(new Destination("ID:temp-1", Destination.Kind.TEMPORARY_QUEUE));
        assertThat(m.type()).isEqualTo("t");
        assertThat(m.groupId()).isEqualTo("g");
        assertThat(m.groupSequence()).isEqualTo(5);
        assertThat(m.userId()).isEqualTo("bob");
        assertThat(m.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "s", "v", "i", 1, "l", 2L, "b", true, "d", 0.5, "f", 0.25f, "sh", (short) 3, "by", (byte) 4));
        assertThat(m.annotations()).isEmpty();

        JmsMessage back = throughBroker(bytes);
        assertThat(((TextMessage) back).getText()).isEqualTo("hello");
        assertThat(back.getJMSMessageID()).isEqualTo("ID:qpid-producer-1:1:1:1-1");
        assertThat(back.getJMSReplyTo()).isInstanceOf(TemporaryQueue.class);
        assertThat(back.getJMSExpiration()).isEqualTo(NOW + 30_000);
        assertThat(back.getStringProperty("JMSXUserID")).isEqualTo("bob");
        assertThat(back.getIntProperty("JMSXGroupSeq")).isEqualTo(5);
        assertThat(back.getFloatProperty("f")).isEqualTo(0.25f);
    }

    @Test
    void topicDestinationIsMulticast() throws Exception {
        JmsMessage sent = QpidJms.newTextMessage();
        sent.setJMSDestination(new JmsTopic("prices"));
        sent.setJMSReplyTo(new JmsTemporaryTopic("ID:tt"));

        Message m = decodeMessage(QpidJms.send(sent, 0));

        assertThat(m.address()).isEqualTo("prices");
        assertThat(m.routingType()).isEqualTo(RoutingType.MULTICAST);
        assertThat(m.replyTo().kind()).isEqualTo(Destination.Kind.TEMPORARY_TOPIC);
    }

    @Test
    void anonymousProducerWithoutDestinationHasNoAddress() throws Exception {
        JmsMessage sent = QpidJms.newTextMessage();

        Message.Builder b = decode(QpidJms.send(sent, 0));

        assertThat(b.address("target").build().routingType()).isNull();
    }

    @Test
    void bytesMessage() throws Exception {
        BytesMessage sent = QpidJms.newBytesMessage();
        sent.writeBytes(new byte[] {1, 2, 3});
        sent.writeInt(7);
        ByteBuffer bytes = QpidJms.send((JmsMessage) sent, 0);

        Message m = decodeMessage(bytes);

        assertThat(m.body()).isEqualTo(Body.bytes(new byte[] {1, 2, 3, 0, 0, 0, 7}));
        assertThat(m.contentType()).isEqualTo("application/octet-stream");
        BytesMessage back = (BytesMessage) throughBroker(bytes);
        assertThat(back.getBody(byte[].class)).containsExactly(1, 2, 3, 0, 0, 0, 7);
    }

    @Test
    void emptyBytesMessage() throws Exception {
        ByteBuffer bytes = QpidJms.send((JmsMessage) QpidJms.newBytesMessage(), 0);

        assertThat(decodeMessage(bytes).body()).isEqualTo(Body.bytes(new byte[0]));
        assertThat(throughBroker(bytes)).isInstanceOf(BytesMessage.class);
    }

    @Test
    void mapMessage() throws Exception {
        MapMessage sent = QpidJms.newMapMessage();
        sent.setString("s", "x");
        sent.setInt("i", 1);
        sent.setLong("l", 2L);
        sent.setBoolean("b", true);
        sent.setBytes("bytes", new byte[] {5});
        sent.setChar("c", 'z');
        sent.setDouble("d", 1.25);
        ByteBuffer bytes = QpidJms.send((JmsMessage) sent, 0);

        Message m = decodeMessage(bytes);

        Map<String, Object> map = ((Body.MapBody) m.body()).map();
        assertThat(map).containsEntry("s", "x").containsEntry("i", 1).containsEntry("l", 2L)
                .containsEntry("b", true).containsEntry("c", 'z').containsEntry("d", 1.25);
        assertThat((byte[]) map.get("bytes")).containsExactly(5);
        MapMessage back = (MapMessage) throughBroker(bytes);
        assertThat(back.getString("s")).isEqualTo("x");
        assertThat(back.getChar("c")).isEqualTo('z');
        assertThat(back.getBytes("bytes")).containsExactly(5);
    }

    @Test
    void streamMessage() throws Exception {
        StreamMessage sent = QpidJms.newStreamMessage();
        sent.writeString("a");
        sent.writeInt(1);
        sent.writeBytes(new byte[] {2});
        sent.writeBoolean(false);
        ByteBuffer bytes = QpidJms.send((JmsMessage) sent, 0);

        Message m = decodeMessage(bytes);

        List<Object> list = ((Body.ListBody) m.body()).list();
        assertThat(list).hasSize(4);
        assertThat(list.get(0)).isEqualTo("a");
        assertThat(list.get(1)).isEqualTo(1);
        assertThat((byte[]) list.get(2)).containsExactly(2);
        assertThat(list.get(3)).isEqualTo(false);
        StreamMessage back = (StreamMessage) throughBroker(bytes);
        assertThat(back.readString()).isEqualTo("a");
        assertThat(back.readInt()).isEqualTo(1);
    }

    @Test
    void objectMessage() throws Exception {
        ObjectMessage sent = QpidJms.newObjectMessage();
        ArrayList<Integer> value = new ArrayList<>(List.of(1, 2, 3));
        sent.setObject(value);
        ByteBuffer bytes = QpidJms.send((JmsMessage) sent, 0);

        Message m = decodeMessage(bytes);

        assertThat(m.body().kind()).isEqualTo(Body.Kind.OBJECT);
        assertThat(m.body()).isEqualTo(Body.object(EngineToQpidJmsTest.serialize(value)));
        assertThat(((ObjectMessage) throughBroker(bytes)).getObject()).isEqualTo(value);
    }

    @Test
    void objectMessageWithoutObject() throws Exception {
        ByteBuffer bytes = QpidJms.send((JmsMessage) QpidJms.newObjectMessage(), 0);

        assertThat(decodeMessage(bytes).body().kind()).isEqualTo(Body.Kind.OBJECT);
        ObjectMessage back = (ObjectMessage) throughBroker(bytes);
        assertThat(back.getObject()).isNull();
    }

    @Test
    void textMessageWithoutTextStaysATextMessage() throws Exception {
        ByteBuffer bytes = QpidJms.send((JmsMessage) QpidJms.newTextMessage(), 0);

        Message m = decodeMessage(bytes);

        assertThat(m.body()).isEqualTo(Body.EMPTY);
        TextMessage back = (TextMessage) throughBroker(bytes);
        assertThat(back.getText()).isNull();
    }

    @Test
    void plainMessage() throws Exception {
        JmsMessage sent = QpidJms.newMessage();
        sent.setStringProperty("k", "v");
        ByteBuffer bytes = QpidJms.send(sent, 0);

        assertThat(decodeMessage(bytes).body()).isEqualTo(Body.EMPTY);
        JmsMessage back = throughBroker(bytes);
        assertThat(back.getClass()).isEqualTo(JmsMessage.class);
        assertThat(back.getStringProperty("k")).isEqualTo("v");
    }

    @Test
    void producerTtlWithoutExpirationCountsFromArrival() throws Exception {
        JmsMessage sent = QpidJms.newTextMessage();
        ByteBuffer bytes = QpidJms.send(sent, 5_000); // header ttl only: JMSExpiration was not set

        assertThat(decodeMessage(bytes).expiration()).isEqualTo(NOW + 5_000);
    }

    @Test
    void deliveryTimeFromAProducerWithDeliveryDelay() throws Exception {
        JmsMessage sent = QpidJms.newTextMessage();
        ((AmqpJmsMessageFacade) sent.getFacade()).setDeliveryTime(NOW + 9_000, true);
        ByteBuffer bytes = QpidJms.send(sent, 0);

        Message m = decodeMessage(bytes);

        assertThat(m.deliveryTime()).isEqualTo(NOW + 9_000);
        assertThat(throughBroker(bytes).getJMSDeliveryTime()).isEqualTo(NOW + 9_000);
    }

    @Test
    void correlationIdAsBytes() throws Exception {
        JmsMessage sent = QpidJms.newTextMessage();
        sent.setJMSCorrelationIDAsBytes(new byte[] {1, 2, 3});
        ByteBuffer bytes = QpidJms.send(sent, 0);

        assertThat((byte[]) decodeMessage(bytes).correlationId()).containsExactly(1, 2, 3);
        assertThat(throughBroker(bytes).getJMSCorrelationIDAsBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void requestReplyWithAQpidMessageIdAsCorrelationId() throws Exception {
        UUID uuid = UUID.randomUUID();
        JmsMessage reply = QpidJms.newTextMessage();
        reply.setJMSCorrelationID("ID:AMQP_UUID:" + uuid); // JMSMessageID of a request whose message-id was a uuid
        ByteBuffer bytes = QpidJms.send(reply, 0);

        assertThat(decodeMessage(bytes).correlationId()).isEqualTo(uuid);
        assertThat(throughBroker(bytes).getJMSCorrelationID()).isEqualTo("ID:AMQP_UUID:" + uuid);
    }

    @Test
    void qpidJmsAmqpPropertiesTravelAsTheAmqpFieldsTheyStandFor() throws Exception {
        JmsMessage sent = QpidJms.newTextMessage();
        sent.setStringProperty("JMS_AMQP_REPLY_TO_GROUP_ID", "reply-group");
        sent.setLongProperty("JMS_AMQP_TTL", 4_000L);
        ByteBuffer bytes = QpidJms.send(sent, 0);

        Message m = decodeMessage(bytes);

        assertThat(m.properties()).isEmpty();
        assertThat(m.expiration()).isEqualTo(NOW + 4_000);
        assertThat(m.annotations()).containsEntry(JmsMapping.REPLY_TO_GROUP_ID, "reply-group");
        JmsMessage back = throughBroker(bytes);
        assertThat(back.getStringProperty("JMS_AMQP_REPLY_TO_GROUP_ID")).isEqualTo("reply-group");
        assertThat(back.getJMSExpiration()).isEqualTo(NOW + 4_000);
    }

    @Test
    void amqpTypedObjectMessageReachesAmqpConsumersUnchanged() throws Exception {
        ObjectMessage sent = QpidJms.newObjectMessage();
        sent.setBooleanProperty("JMS_AMQP_TYPED_ENCODING", true);
        ArrayList<Object> value = new ArrayList<>(List.of("a", 1L));
        sent.setObject(value);
        ByteBuffer bytes = QpidJms.send((JmsMessage) sent, 0);

        Message m = decodeMessage(bytes);

        assertThat(m.annotations()).containsEntry(JmsMapping.BODY_SECTION, JmsMapping.SECTION_RAW);
        ObjectMessage back = (ObjectMessage) throughBroker(bytes);
        assertThat(back.getObject()).isEqualTo(value);
    }

    @Test
    void replyToATemporaryQueueArrivesOnATemporaryQueue() throws Exception {
        JmsMessage reply = QpidJms.newTextMessage();
        reply.setJMSDestination(new JmsTemporaryQueue("ID:requester-temp-1"));
        ByteBuffer bytes = QpidJms.send(reply, 0);

        Message m = decodeMessage(bytes);

        assertThat(m.routingType()).isEqualTo(RoutingType.ANYCAST);
        JmsMessage back = throughBroker(bytes);
        assertThat(back.getJMSDestination()).isInstanceOf(TemporaryQueue.class);
        Message deadLetter = m.toBuilder().address("DLQ").build();
        assertThat(QpidJms.receive(encode(deadLetter)).getJMSDestination())
                .isInstanceOf(Queue.class).isNotInstanceOf(TemporaryQueue.class);
    }
}
