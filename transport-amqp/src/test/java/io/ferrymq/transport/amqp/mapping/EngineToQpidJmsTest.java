package io.ferrymq.transport.amqp.mapping;

import static io.ferrymq.transport.amqp.mapping.MapperSupport.NOW;
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
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.jms.message.JmsMessage;
import org.junit.jupiter.api.Test;

/**
 * Engine messages as OpenWire, STOMP and MQTT producers leave them, encoded by the mapper and read by Qpid JMS's own
 * codec: the JMS message class, headers, properties and body a Qpid JMS consumer gets.
 */
class EngineToQpidJmsTest {

    private static Message.Builder openWireStyle(Body body) {
        return Message.builder()
                .messageId("ID:host-40000-1700000000000-1:1:1:1:1")
                .address("orders")
                .routingType(RoutingType.ANYCAST)
                .durable(true)
                .timestamp(NOW - 5)
                .body(body);
    }

    @Test
    void textMessageWithEveryHeader() throws Exception {
        Message m = openWireStyle(Body.text("héllo"))
                .priority(7)
                .expiration(NOW + 60_000)
                .correlationId("corr-1")
                .replyTo(Destination.queue("replies"))
                .type("order-created")
                .userId("alice")
                .groupId("group-a")
                .groupSequence(3)
                .property("s", "v")
                .property("i", 42)
                .property("l", 42L)
                .property("b", true)
                .property("d", 1.5d)
                .property("f", 2.5f)
                .property("sh", (short) 7)
                .property("by", (byte) 8)
                .build();

        JmsMessage received = QpidJms.receive(encode(m, 2));

        assertThat(received).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) received).getText()).isEqualTo("héllo");
        assertThat(received.getJMSMessageID()).isEqualTo("ID:host-40000-1700000000000-1:1:1:1:1");
        assertThat(received.getJMSDestination()).isInstanceOf(Queue.class);
        assertThat(((Queue) received.getJMSDestination()).getQueueName()).isEqualTo("orders");
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.getJMSPriority()).isEqualTo(7);
        assertThat(received.getJMSTimestamp()).isEqualTo(NOW - 5);
        assertThat(received.getJMSExpiration()).isEqualTo(NOW + 60_000);
        assertThat(received.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(received.getJMSReplyTo()).isInstanceOf(Queue.class);
        assertThat(((Queue) received.getJMSReplyTo()).getQueueName()).isEqualTo("replies");
        assertThat(received.getJMSType()).isEqualTo("order-created");
        assertThat(received.getStringProperty("JMSXUserID")).isEqualTo("alice");
        assertThat(received.getStringProperty("JMSXGroupID")).isEqualTo("group-a");
        assertThat(received.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
        assertThat(received.getJMSRedelivered()).isTrue();
        assertThat(received.getObjectProperty("s")).isEqualTo("v");
        assertThat(received.getObjectProperty("i")).isEqualTo(42);
        assertThat(received.getObjectProperty("l")).isEqualTo(42L);
        assertThat(received.getObjectProperty("b")).isEqualTo(true);
        assertThat(received.getObjectProperty("d")).isEqualTo(1.5d);
        assertThat(received.getObjectProperty("f")).isEqualTo(2.5f);
        assertThat(received.getObjectProperty("sh")).isEqualTo((short) 7);
        assertThat(received.getObjectProperty("by")).isEqualTo((byte) 8);
    }

    @Test
    void firstDeliveryIsNotRedeliveredAndDefaultsStayDefaults() throws Exception {
        Message m = Message.builder().address("q").body(Body.text("x")).build();

        JmsMessage received = QpidJms.receive(encode(m, 0));

        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(received.getJMSPriority()).isEqualTo(4);
        assertThat(received.getJMSExpiration()).isZero();
        assertThat(received.getJMSMessageID()).isNull();
    }

    @Test
    void mqttBytesArriveAsBytesMessageOnATopic() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xFF};
        Message m = Message.builder()
                .address("sensors.temp")
                .routingType(RoutingType.MULTICAST)
                .durable(true)
                .annotation("mqtt.qos", 1)
                .body(Body.bytes(payload))
                .build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received).isInstanceOf(BytesMessage.class);
        BytesMessage bytes = (BytesMessage) received;
        assertThat(bytes.getBodyLength()).isEqualTo(4);
        assertThat(bytes.getBody(byte[].class)).containsExactly(payload);
        assertThat(received.getJMSDestination()).isInstanceOf(Topic.class);
        assertThat(((Topic) received.getJMSDestination()).getTopicName()).isEqualTo("sensors.temp");
        assertThat(received.propertyExists("mqtt.qos")).isFalse();
    }

    @Test
    void largeBytesUseTheFourByteLength() throws Exception {
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Message m = Message.builder().address("q").body(Body.bytes(payload)).build();

        BytesMessage received = (BytesMessage) QpidJms.receive(encode(m));

        assertThat(received.getBody(byte[].class)).containsExactly(payload);
    }

    @Test
    void mapBodyArrivesAsMapMessage() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "text");
        map.put("i", 1);
        map.put("l", 2L);
        map.put("b", false);
        map.put("d", 3.5d);
        map.put("bytes", new byte[] {9, 8});
        map.put("nothing", null);
        Message m = openWireStyle(Body.map(map)).build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received).isInstanceOf(MapMessage.class);
        MapMessage mm = (MapMessage) received;
        @SuppressWarnings("unchecked")
        List<String> names = Collections.list((java.util.Enumeration<String>) mm.getMapNames());
        assertThat(names).containsExactlyInAnyOrder(
                "s", "i", "l", "b", "d", "bytes", "nothing");
        assertThat(mm.getObject("s")).isEqualTo("text");
        assertThat(mm.getObject("i")).isEqualTo(1);
        assertThat(mm.getObject("l")).isEqualTo(2L);
        assertThat(mm.getObject("b")).isEqualTo(false);
        assertThat(mm.getObject("d")).isEqualTo(3.5d);
        assertThat(mm.getBytes("bytes")).containsExactly(9, 8);
        assertThat(mm.getObject("nothing")).isNull();
    }

    @Test
    void listBodyArrivesAsStreamMessage() throws Exception {
        List<Object> list = new ArrayList<>(List.of("a", 1, 2L, true, 'c'));
        list.add(new byte[] {7});
        Message m = openWireStyle(Body.list(list)).build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received).isInstanceOf(StreamMessage.class);
        StreamMessage sm = (StreamMessage) received;
        assertThat(sm.readObject()).isEqualTo("a");
        assertThat(sm.readObject()).isEqualTo(1);
        assertThat(sm.readObject()).isEqualTo(2L);
        assertThat(sm.readObject()).isEqualTo(true);
        assertThat(sm.readObject()).isEqualTo('c');
        assertThat((byte[]) sm.readObject()).containsExactly(7);
    }

    @Test
    void objectBodyArrivesAsObjectMessage() throws Exception {
        ArrayList<String> value = new ArrayList<>(List.of("x", "y"));
        Message m = openWireStyle(Body.object(serialize(value))).build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received).isInstanceOf(ObjectMessage.class);
        assertThat(((ObjectMessage) received).getObject()).isEqualTo(value);
    }

    @Test
    void emptyBodyArrivesAsPlainMessage() throws Exception {
        Message m = openWireStyle(Body.EMPTY).property("k", "v").build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received.getClass()).isEqualTo(JmsMessage.class);
        assertThat(received.getStringProperty("k")).isEqualTo("v");
    }

    @Test
    void stompTextWithContentTypeStaysText() throws Exception {
        Message m = Message.builder().address("q").contentType("application/json").body(Body.text("{}")).build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(((TextMessage) received).getText()).isEqualTo("{}");
    }

    @Test
    void bytesWithATextualContentTypeStayBytes() throws Exception {
        Message m = Message.builder().address("q").contentType("text/plain").body(Body.bytes(new byte[] {65}))
                .build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received).isInstanceOf(BytesMessage.class);
    }

    @Test
    void replyToKinds() throws Exception {
        assertThat(replyTo(Destination.topic("t"))).isInstanceOf(Topic.class);
        assertThat(replyTo(Destination.queue("q"))).isInstanceOf(Queue.class)
                .isNotInstanceOf(TemporaryQueue.class);
        assertThat(replyTo(new Destination("tq", Destination.Kind.TEMPORARY_QUEUE)))
                .isInstanceOf(TemporaryQueue.class);
        assertThat(replyTo(new Destination("tt", Destination.Kind.TEMPORARY_TOPIC)))
                .isInstanceOf(TemporaryTopic.class);
    }

    private static jakarta.jms.Destination replyTo(Destination d) throws Exception {
        Message m = Message.builder().address("q").replyTo(d).build();
        return QpidJms.receive(encode(m)).getJMSReplyTo();
    }

    @Test
    void withoutRoutingTypeTheConsumersDestinationKindApplies() throws Exception {
        Message m = Message.builder().address("dlq").body(Body.text("x")).build();

        JmsMessage received = QpidJms.receive(encode(m), new org.apache.qpid.jms.JmsTopic("dlq"));

        assertThat(received.getJMSDestination()).isInstanceOf(Topic.class);
    }

    @Test
    void correlationIdTypes() throws Exception {
        UUID uuid = UUID.randomUUID();
        assertThat(correlation(uuid).getJMSCorrelationID()).isEqualTo("ID:AMQP_UUID:" + uuid);
        assertThat(correlation(12L).getJMSCorrelationID()).isEqualTo("ID:AMQP_ULONG:12");
        assertThat(correlation(new byte[] {1, 2}).getJMSCorrelationIDAsBytes()).containsExactly(1, 2);
        assertThat(correlation("ID:AMQP_UUID:" + uuid).getJMSCorrelationID()).isEqualTo("ID:AMQP_UUID:" + uuid);
        assertThat(correlation("ID:host-1:1:1:1").getJMSCorrelationID()).isEqualTo("ID:host-1:1:1:1");
        assertThat(correlation("plain").getJMSCorrelationID()).isEqualTo("plain");
    }

    private static JmsMessage correlation(Object id) throws Exception {
        return QpidJms.receive(encode(Message.builder().address("q").correlationId(id).build()));
    }

    @Test
    void typedMessageIdsGoBackToTheirAmqpType() throws Exception {
        UUID uuid = UUID.randomUUID();
        Message m = Message.builder().address("q").messageId("ID:AMQP_UUID:" + uuid).build();

        assertThat(MapperSupport.proton(encode(m)).getMessageId()).isEqualTo(uuid);
        assertThat(QpidJms.receive(encode(m)).getJMSMessageID()).isEqualTo("ID:AMQP_UUID:" + uuid);
    }

    @Test
    void deliveryTimeIsTheJms2DeliveryTime() throws Exception {
        Message m = Message.builder().address("q").timestamp(NOW).deliveryTime(NOW + 10_000).build();

        assertThat(QpidJms.receive(encode(m)).getJMSDeliveryTime()).isEqualTo(NOW + 10_000);
    }

    @Test
    void deadLetterCopyKeepsItsOriginAsProperties() throws Exception {
        Message m = openWireStyle(Body.text("x"))
                .address("DLQ")
                .routingType(null)
                .property("_AMQ_ORIG_ADDRESS", "orders")
                .property("_AMQ_ORIG_QUEUE", "orders")
                .property("dlqDeliveryFailureCause", "max deliveries")
                .build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo("orders");
        assertThat(received.getStringProperty("_AMQ_ORIG_QUEUE")).isEqualTo("orders");
        assertThat(received.getStringProperty("dlqDeliveryFailureCause")).isEqualTo("max deliveries");
        assertThat(((Queue) received.getJMSDestination()).getQueueName()).isEqualTo("DLQ");
    }

    @Test
    void expiredCopyHasNoExpiryAndKeepsActualExpiry() throws Exception {
        Message m = Message.builder().address("ExpiryQueue").property("_AMQ_ACTUAL_EXPIRY", NOW).build();

        JmsMessage received = QpidJms.receive(encode(m));

        assertThat(received.getJMSExpiration()).isZero();
        assertThat(received.getLongProperty("_AMQ_ACTUAL_EXPIRY")).isEqualTo(NOW);
    }

    @Test
    void textAsUtf8ForMqttConsumersIsTheSameText() throws Exception {
        Message m = Message.builder().address("q").body(Body.text("ü")).build();
        assertThat(m.body().toBytes()).isEqualTo("ü".getBytes(StandardCharsets.UTF_8));
        assertThat(((TextMessage) QpidJms.receive(encode(m))).getText()).isEqualTo("ü");
    }

    static byte[] serialize(Serializable value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
