package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Message;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/** A mapper on a fixed clock, and byte-buffer plumbing for the tests. */
final class MapperSupport {

    static final long NOW = 1_767_225_600_000L;

    static final AmqpMessageMapper MAPPER = new AmqpMessageMapper(() -> NOW);

    private MapperSupport() {}

    /** The AMQP bytes of {@code m} for a consumer, flipped for reading. */
    static ByteBuffer encode(Message m, int deliveryCount) {
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        MAPPER.encode(m, deliveryCount, WritableBuffer.ByteBufferWrapper.wrap(buf));
        buf.flip();
        return buf;
    }

    static ByteBuffer encode(Message m) {
        return encode(m, 0);
    }

    static Message.Builder decode(ByteBuffer bytes) throws AmqpMessageMapper.MalformedMessageException {
        return MAPPER.decode(ReadableBuffer.ByteBufferReader.wrap(bytes.duplicate()));
    }

    /** Decoded with a default address for messages whose bytes name none. */
    static Message decodeMessage(ByteBuffer bytes) throws AmqpMessageMapper.MalformedMessageException {
        Message.Builder b = decode(bytes);
        Message probe = null;
        try {
            probe = b.build();
        } catch (NullPointerException noAddress) {
            probe = b.address("no-to").build();
        }
        return probe;
    }

    /** The bytes of a Proton-J message, as a non-JMS AMQP client would send them. */
    static ByteBuffer protonBytes(org.apache.qpid.proton.message.Message m) {
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        m.encode(WritableBuffer.ByteBufferWrapper.wrap(buf));
        buf.flip();
        return buf;
    }

    /** Proton-J's own reading of AMQP bytes. */
    static org.apache.qpid.proton.message.Message proton(ByteBuffer bytes) {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        m.decode(ReadableBuffer.ByteBufferReader.wrap(bytes.duplicate()));
        return m;
    }
}
