package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Message;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * Converts between an AMQP 1.0 message (the bytes of a transfer: header, annotations, properties, application
 * properties, body, footer) and the engine's {@link Message}, following the AMQP JMS Mapping that Qpid JMS uses.
 * docs/message-mapping.md (AMQP 1.0) lists every field.
 *
 * <p>Contract with the link layer: {@link #decode} returns a builder with every field the bytes carry; the
 * address is the message's {@code to} (or none) and the routing type comes from {@code x-opt-jms-dest} when
 * present. A link with a named target then sets the address and routing type from its target. {@link #encode}
 * writes a message for a consumer with the given delivery count (header delivery-count = deliveries before this
 * one). Stateless and thread safe: each thread uses its own Proton-J codec.
 *
 * <p>In short: the JMS message type ({@code x-opt-jms-msg-type}, else the body section and content type as Qpid JMS
 * decides) selects the body kind (text, bytes, map, list, object, empty); AMQP message-ids of every type become
 * the JMSMessageID string Qpid JMS shows ({@code ID:AMQP_UUID:...}) and go back to their AMQP type; header and
 * properties map onto the engine's JMS-style fields; {@code x-} message annotations and a few AMQP-only fields ride
 * along as engine annotations so AMQP consumers get them back. Encoding any engine message picks the body section
 * and {@code x-opt-jms-msg-type} so that Qpid JMS builds the JMS message class of the body kind.
 */
public final class AmqpMessageMapper {

    private final MessageDecoder decoder;
    private final MessageEncoder encoder;

    /** A mapper on the system clock. */
    public AmqpMessageMapper() {
        this(System::currentTimeMillis);
    }

    /**
     * A mapper on {@code clock} (milliseconds since the epoch), which turns a header ttl and
     * {@code x-opt-delivery-delay} into absolute times on decode and an expiration into a ttl on encode.
     */
    public AmqpMessageMapper(LongSupplier clock) {
        Objects.requireNonNull(clock, "clock");
        this.decoder = new MessageDecoder(clock);
        this.encoder = new MessageEncoder(clock);
    }

    /**
     * Decodes one AMQP message from the buffer's position to its limit; the position ends at the limit. The
     * builder holds copies: the buffer may be reused once this returns.
     *
     * @throws MalformedMessageException if the bytes are not a valid AMQP message: undecodable bytes, sections
     *     that are not message sections or out of order, mixed body sections, message-id or correlation-id of a
     *     type AMQP does not allow, application properties with non-string keys or compound values
     */
    public Message.Builder decode(ReadableBuffer payload) throws MalformedMessageException {
        return decoder.decode(payload);
    }

    /**
     * Encodes {@code message} for a consumer; {@code deliveryCount} is the number of earlier deliveries. The bytes
     * go to {@code out} from its position; a buffer that cannot grow must have room for the whole message (a
     * {@link java.nio.BufferOverflowException} otherwise).
     */
    public void encode(Message message, int deliveryCount, WritableBuffer out) {
        encoder.encode(message, deliveryCount, out);
    }

    /** The bytes could not be decoded as an AMQP message; the link rejects the transfer with amqp:decode-error. */
    public static final class MalformedMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
