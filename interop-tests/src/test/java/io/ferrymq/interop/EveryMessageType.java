package io.ferrymq.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.jms.BytesMessage;
import javax.jms.DeliveryMode;
import javax.jms.JMSException;
import javax.jms.MapMessage;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.StreamMessage;
import javax.jms.TextMessage;

/**
 * One JMS message of every kind, with a property of every type and the JMS headers a producer sets, sent by one
 * javax.jms client and checked at another (the same client, or another protocol's): the messages must arrive intact
 * whatever the broker converts them to on the way.
 */
final class EveryMessageType {

    private static final long RECEIVE_TIMEOUT = 5_000;

    private EveryMessageType() {}

    /** A plain message with a property of every type, then one message of every body type. */
    static Parcel send(Session s, MessageProducer p) throws JMSException {
        Message plainMessage = s.createMessage();
        plainMessage.setBooleanProperty("bool", true);
        plainMessage.setByteProperty("byte", (byte) 7);
        plainMessage.setShortProperty("short", (short) 300);
        plainMessage.setIntProperty("int", 70_000);
        plainMessage.setLongProperty("long", 1L << 40);
        plainMessage.setFloatProperty("float", 1.5f);
        plainMessage.setDoubleProperty("double", 2.25);
        plainMessage.setStringProperty("string", "s \u00e9");
        plainMessage.setJMSType("plain-type");
        plainMessage.setJMSCorrelationID("corr");
        plainMessage.setJMSReplyTo(s.createQueue("every-type.replies"));
        plainMessage.setStringProperty("JMSXGroupID", "group-1");
        plainMessage.setIntProperty("JMSXGroupSeq", 3);
        p.send(plainMessage, DeliveryMode.PERSISTENT, 7, 600_000);
        TextMessage text = s.createTextMessage("text \u00e9\u4e2d");
        text.setStringProperty("kind", "text");
        p.send(text);
        BytesMessage bytes = s.createBytesMessage();
        bytes.writeBytes(new byte[] {1, 2, 3});
        bytes.writeInt(42);
        bytes.setStringProperty("kind", "bytes");
        p.send(bytes);
        MapMessage map = s.createMapMessage();
        map.setString("k", "v");
        map.setInt("i", 42);
        map.setLong("l", 1L << 40);
        map.setDouble("d", 0.5);
        map.setBoolean("z", true);
        map.setBytes("b", new byte[] {9});
        map.setStringProperty("kind", "map");
        p.send(map);
        StreamMessage stream = s.createStreamMessage();
        stream.writeString("first");
        stream.writeLong(5L);
        stream.writeBoolean(true);
        stream.writeBytes(new byte[] {4, 5});
        stream.setStringProperty("kind", "stream");
        p.send(stream);
        Parcel parcel = new Parcel("p-1", List.of("x", "y"));
        ObjectMessage object = s.createObjectMessage(parcel);
        object.setStringProperty("kind", "object");
        p.send(object);
        return parcel;
    }

    /** Receives what {@link #send} sent, in order, and checks every body, property and header it set. */
    static void assertReceived(MessageConsumer consumer, Parcel parcel) throws JMSException {
        Message m0 = consumer.receive(RECEIVE_TIMEOUT);
        assertThat(m0).as("the plain message").isNotNull().isNotInstanceOf(TextMessage.class)
                .isNotInstanceOf(BytesMessage.class).isNotInstanceOf(MapMessage.class)
                .isNotInstanceOf(StreamMessage.class).isNotInstanceOf(ObjectMessage.class);
        assertThat(m0.getBooleanProperty("bool")).isTrue();
        assertThat(m0.getObjectProperty("byte")).isEqualTo((byte) 7);
        assertThat(m0.getObjectProperty("short")).isEqualTo((short) 300);
        assertThat(m0.getObjectProperty("int")).isEqualTo(70_000);
        assertThat(m0.getObjectProperty("long")).isEqualTo(1L << 40);
        assertThat(m0.getObjectProperty("float")).isEqualTo(1.5f);
        assertThat(m0.getObjectProperty("double")).isEqualTo(2.25);
        assertThat(m0.getStringProperty("string")).isEqualTo("s \u00e9");
        assertThat(m0.getJMSType()).isEqualTo("plain-type");
        assertThat(m0.getJMSCorrelationID()).isEqualTo("corr");
        assertThat(m0.getJMSReplyTo()).as("reply-to").isInstanceOf(Queue.class);
        assertThat(((Queue) m0.getJMSReplyTo()).getQueueName()).isEqualTo("every-type.replies");
        assertThat(m0.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(m0.getJMSPriority()).isEqualTo(7);
        assertThat(m0.getStringProperty("JMSXGroupID")).isEqualTo("group-1");
        assertThat(m0.getIntProperty("JMSXGroupSeq")).isEqualTo(3);
        assertThat(m0.getJMSExpiration()).as("expiration from a 10 minute time to live")
                .isBetween(System.currentTimeMillis() + 500_000, System.currentTimeMillis() + 600_000);
        assertThat(m0.getJMSMessageID()).startsWith("ID:");

        Message text = consumer.receive(RECEIVE_TIMEOUT);
        assertThat(text).as("the text message").isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) text).getText()).isEqualTo("text \u00e9\u4e2d");
        assertThat(text.getStringProperty("kind")).isEqualTo("text");

        Message bytes = consumer.receive(RECEIVE_TIMEOUT);
        assertThat(bytes).as("the bytes message").isInstanceOf(BytesMessage.class);
        BytesMessage b = (BytesMessage) bytes;
        assertThat(b.getStringProperty("kind")).isEqualTo("bytes");
        assertThat(b.getBodyLength()).isEqualTo(7);
        byte[] data = new byte[3];
        assertThat(b.readBytes(data)).isEqualTo(3);
        assertThat(data).containsExactly(1, 2, 3);
        assertThat(b.readInt()).isEqualTo(42);

        Message map = consumer.receive(RECEIVE_TIMEOUT);
        assertThat(map).as("the map message").isInstanceOf(MapMessage.class);
        MapMessage mm = (MapMessage) map;
        assertThat(mm.getStringProperty("kind")).isEqualTo("map");
        assertThat(mm.getString("k")).isEqualTo("v");
        assertThat(mm.getObject("i")).isEqualTo(42);
        assertThat(mm.getObject("l")).isEqualTo(1L << 40);
        assertThat(mm.getObject("d")).isEqualTo(0.5);
        assertThat(mm.getObject("z")).isEqualTo(true);
        assertThat(mm.getBytes("b")).containsExactly(9);

        Message stream = consumer.receive(RECEIVE_TIMEOUT);
        assertThat(stream).as("the stream message").isInstanceOf(StreamMessage.class);
        StreamMessage sm = (StreamMessage) stream;
        assertThat(sm.getStringProperty("kind")).isEqualTo("stream");
        assertThat(sm.readObject()).isEqualTo("first");
        assertThat(sm.readObject()).isEqualTo(5L);
        assertThat(sm.readObject()).isEqualTo(true);
        assertThat(sm.readObject()).isEqualTo(new byte[] {4, 5});

        Message object = consumer.receive(RECEIVE_TIMEOUT);
        assertThat(object).as("the object message").isInstanceOf(ObjectMessage.class);
        ObjectMessage om = (ObjectMessage) object;
        assertThat(om.getStringProperty("kind")).isEqualTo("object");
        assertThat(om.getObject()).isEqualTo(parcel);

        assertThat(consumer.receive(200)).as("nothing more").isNull();
    }
}
