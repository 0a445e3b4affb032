package io.ferrymq.transport.amqp.mapping;

import io.netty.buffer.ByteBuf;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.apache.qpid.jms.JmsDestination;
import org.apache.qpid.jms.JmsQueue;
import org.apache.qpid.jms.message.JmsBytesMessage;
import org.apache.qpid.jms.message.JmsMapMessage;
import org.apache.qpid.jms.message.JmsMessage;
import org.apache.qpid.jms.message.JmsObjectMessage;
import org.apache.qpid.jms.message.JmsStreamMessage;
import org.apache.qpid.jms.message.JmsTextMessage;
import org.apache.qpid.jms.meta.JmsConnectionId;
import org.apache.qpid.jms.meta.JmsConnectionInfo;
import org.apache.qpid.jms.meta.JmsConsumerId;
import org.apache.qpid.jms.meta.JmsConsumerInfo;
import org.apache.qpid.jms.provider.amqp.AmqpConnection;
import org.apache.qpid.jms.provider.amqp.AmqpConnectionProperties;
import org.apache.qpid.jms.provider.amqp.AmqpConsumer;
import org.apache.qpid.jms.provider.amqp.AmqpSession;
import org.apache.qpid.jms.provider.amqp.message.AmqpCodec;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsBytesMessageFacade;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMapMessageFacade;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsMessageFacade;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsObjectMessageFacade;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsStreamMessageFacade;
import org.apache.qpid.jms.provider.amqp.message.AmqpJmsTextMessageFacade;
import org.apache.qpid.proton.codec.ReadableBuffer;

/**
 * Qpid JMS 2.x's own message codec, without a connection: {@link #receive} turns AMQP bytes into the JMS message a
 * Qpid JMS consumer would get (AmqpCodec.decodeMessage), the {@code new*} methods make messages as a Qpid JMS
 * producer would and {@link #send} encodes them (AmqpCodec.encodeMessage). The provider objects those codecs ask
 * for their connection and consumer destination are allocated without constructors and given only the fields the
 * codec reads (no queue or topic prefix). Test code only.
 */
final class QpidJms {

    private static final AmqpConnection CONNECTION;

    static {
        try {
            JmsConnectionInfo info = new JmsConnectionInfo(new JmsConnectionId("ID:ferrymq-test:1"));
            CONNECTION = allocate(AmqpConnection.class);
            set(CONNECTION, AmqpConnection.class, "properties", new AmqpConnectionProperties(info, null));
            set(CONNECTION, AmqpConnection.class.getSuperclass(), "resourceInfo", info); // its tracer, on send
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private QpidJms() {}

    /** The JMS message a Qpid JMS consumer on a queue named "consumer-queue" builds from {@code bytes}. */
    static JmsMessage receive(ByteBuffer bytes) throws Exception {
        return receive(bytes, new JmsQueue("consumer-queue"));
    }

    /** The JMS message a Qpid JMS consumer on {@code consumerDestination} builds from {@code bytes}. */
    static JmsMessage receive(ByteBuffer bytes, JmsDestination consumerDestination) throws Exception {
        AmqpSession session = allocate(AmqpSession.class);
        set(session, AmqpSession.class, "connection", CONNECTION);
        JmsConsumerInfo info = new JmsConsumerInfo(new JmsConsumerId("ID:ferrymq-test:1:1:1"), null);
        info.setDestination(consumerDestination);
        AmqpConsumer consumer = allocate(AmqpConsumer.class);
        set(consumer, AmqpConsumer.class, "session", session);
        set(consumer, consumer.getClass().getSuperclass(), "resourceInfo", info);
        AmqpJmsMessageFacade facade =
                AmqpCodec.decodeMessage(consumer, ReadableBuffer.ByteBufferReader.wrap(bytes.duplicate()));
        JmsMessage message = facade.asJmsMessage();
        message.onDispatch(); // as the consumer does before handing it to the application: read-only, reset
        return message;
    }

    static JmsMessage newMessage() {
        AmqpJmsMessageFacade f = new AmqpJmsMessageFacade();
        f.initialize(CONNECTION);
        return f.asJmsMessage();
    }

    static JmsTextMessage newTextMessage() {
        AmqpJmsTextMessageFacade f = new AmqpJmsTextMessageFacade();
        f.initialize(CONNECTION);
        return f.asJmsMessage();
    }

    static JmsBytesMessage newBytesMessage() {
        AmqpJmsBytesMessageFacade f = new AmqpJmsBytesMessageFacade();
        f.initialize(CONNECTION);
        return f.asJmsMessage();
    }

    static JmsMapMessage newMapMessage() {
        AmqpJmsMapMessageFacade f = new AmqpJmsMapMessageFacade();
        f.initialize(CONNECTION);
        return f.asJmsMessage();
    }

    static JmsStreamMessage newStreamMessage() {
        AmqpJmsStreamMessageFacade f = new AmqpJmsStreamMessageFacade();
        f.initialize(CONNECTION);
        return f.asJmsMessage();
    }

    static JmsObjectMessage newObjectMessage() {
        AmqpJmsObjectMessageFacade f = new AmqpJmsObjectMessageFacade();
        f.initialize(CONNECTION);
        return f.asJmsMessage();
    }

    /** The bytes a Qpid JMS producer with time to live {@code ttl} (0 for none) transfers for {@code m}. */
    static ByteBuffer send(JmsMessage m, long ttl) throws Exception {
        m.onSend(ttl);
        ByteBuf encoded = ((AmqpJmsMessageFacade) m.getFacade()).encodeMessage();
        byte[] bytes = new byte[encoded.readableBytes()];
        encoded.readBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static <T> T allocate(Class<T> type) throws ReflectiveOperationException {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Method allocate = unsafeClass.getMethod("allocateInstance", Class.class);
        return type.cast(allocate.invoke(theUnsafe.get(null), type));
    }

    private static void set(Object target, Class<?> declaring, String name, Object value)
            throws ReflectiveOperationException {
        Field f = declaring.getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
    }
}
