package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Message;
import java.nio.charset.StandardCharsets;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Converts between an AMQP 1.0 message (the bytes of a transfer: header, annotations, properties, application
 * properties, body, footer) and the engine's {@link Message}, following the AMQP JMS Mapping that Qpid JMS uses.
 *
 * <p>Contract with the link layer: {@link #decode} returns a builder with every field the bytes carry; the
 * address is the message's {@code to} (or none) and the routing type comes from {@code x-opt-jms-dest} when
 * present. A link with a named target then sets the address and routing type from its target. {@link #encode}
 * writes a message for a consumer with the given delivery count (header delivery-count = deliveries before this
 * one). Stateless and thread safe.
 *
 * <p>This first version is a placeholder that carries only the body and the durable flag; the mapping package
 * replaces it.
 */
public final class AmqpMessageMapper {

    /**
     * Decodes one AMQP message.
     *
     * @throws MalformedMessageException if the bytes are not a valid AMQP message
     */
    public Message.Builder decode(ReadableBuffer payload) throws MalformedMessageException {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        try {
            m.decode(payload);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("cannot decode the message: " + e.getMessage(), e);
        }
        Message.Builder b = Message.builder().durable(m.isDurable());
        if (m.getAddress() != null) {
            b.address(m.getAddress());
        }
        if (m.getBody() instanceof Data d) {
            b.body(Body.bytes(d.getValue().getArray()));
        } else if (m.getBody() instanceof AmqpValue v && v.getValue() instanceof String s) {
            b.body(Body.text(s));
        }
        return b;
    }

    /** Encodes {@code message} for a consumer; {@code deliveryCount} is the number of earlier deliveries. */
    public void encode(Message message, int deliveryCount, WritableBuffer out) {
        org.apache.qpid.proton.message.Message m = org.apache.qpid.proton.message.Message.Factory.create();
        m.setDurable(message.durable());
        m.setAddress(message.address());
        if (message.body() instanceof Body.Text t) {
            m.setBody(new AmqpValue(t.text()));
        } else {
            m.setBody(new Data(new Binary(message.body().toBytes())));
        }
        m.encode(out);
    }

    /** The bytes could not be decoded as an AMQP message; the link rejects the transfer with amqp:decode-error. */
    public static final class MalformedMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
