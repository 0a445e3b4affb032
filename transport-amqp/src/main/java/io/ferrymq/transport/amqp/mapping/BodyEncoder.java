package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;

/**
 * The body section and {@code x-opt-jms-msg-type} for an engine body, so that Qpid JMS builds the JMS message
 * class of the body kind: text = amqp-value string (5, TextMessage), bytes = data (3, BytesMessage), map =
 * amqp-value map (2, MapMessage), list = amqp-sequence (4, StreamMessage), object = data with content-type
 * {@value JmsMapping#SERIALIZED_JAVA_OBJECT} (1, ObjectMessage), empty = amqp-value null (0, Message). The
 * {@link JmsMapping#BODY_SECTION} hint restores the section an AMQP producer used instead; text that came in a data
 * section goes back in the charset of its textual content type without the annotation, so that Qpid JMS decodes it
 * with that charset, as it did for the producer's message.
 */
final class BodyEncoder {

    /** No {@code x-opt-jms-msg-type} annotation. */
    static final byte NO_TYPE = -1;

    /** Java serialization of {@code null}: the body Qpid JMS sends for an ObjectMessage without an object. */
    private static final byte[] SERIALIZED_NULL = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05, 0x70};

    /** Descriptor of the data section: 0x00, smallulong 0x75 (OASIS AMQP 1.0 §3.2.6). */
    private static final byte[] DATA_DESCRIPTOR = {0x00, 0x53, 0x75};

    private BodyEncoder() {}

    /** The {@code x-opt-jms-msg-type} to send, or {@link #NO_TYPE}. */
    static byte jmsType(Message m) {
        Body body = m.body();
        return switch (body.kind()) {
            case EMPTY -> keptType(m, JmsMapping.MESSAGE);
            case BYTES -> isRaw(m) ? keptType(m, NO_TYPE) : JmsMapping.BYTES_MESSAGE;
            // text in a data section under a textual content type: Qpid JMS reads it in that charset only when
            // the annotation is absent (with the annotation it reads UTF-8)
            case TEXT -> isDataWithCharset(m) ? NO_TYPE : JmsMapping.TEXT_MESSAGE;
            case MAP -> JmsMapping.MAP_MESSAGE;
            case LIST -> JmsMapping.STREAM_MESSAGE;
            case OBJECT -> JmsMapping.OBJECT_MESSAGE;
        };
    }

    /** The content-type to send: serialized Java for objects, octet-stream for bytes without one. */
    static String contentType(Message m) {
        return switch (m.body().kind()) {
            case OBJECT -> JmsMapping.SERIALIZED_JAVA_OBJECT;
            case BYTES -> m.contentType() == null && section(m) == null ? JmsMapping.OCTET_STREAM : m.contentType();
            case EMPTY -> jmsType(m) == JmsMapping.OBJECT_MESSAGE ? JmsMapping.SERIALIZED_JAVA_OBJECT
                    : m.contentType();
            default -> m.contentType();
        };
    }

    /** Writes the body section(s) of {@code m}. */
    static void write(Message m, EncoderImpl encoder, WritableBuffer out) {
        Body body = m.body();
        String section = section(m);
        switch (body.kind()) {
            case EMPTY -> {
                if (jmsType(m) == JmsMapping.OBJECT_MESSAGE) {
                    writeData(out, ByteBuffer.wrap(SERIALIZED_NULL));
                } else {
                    encoder.writeObject(new AmqpValue(null));
                }
            }
            case TEXT -> {
                String text = ((Body.Text) body).text();
                if (isDataWithCharset(m)) {
                    writeData(out, ByteBuffer.wrap(text.getBytes(ContentTypes.textCharset(m.contentType()))));
                } else if (JmsMapping.SECTION_DATA.equals(section)) {
                    writeData(out, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                } else {
                    encoder.writeObject(new AmqpValue(text));
                }
            }
            case BYTES -> {
                Body.Bytes bytes = (Body.Bytes) body;
                if (JmsMapping.SECTION_RAW.equals(section)) {
                    if (bytes.length() > 0) {
                        out.ensureRemaining(bytes.length());
                        out.put(bytes.buffer());
                    } else {
                        encoder.writeObject(new AmqpValue(null));
                    }
                } else if (JmsMapping.SECTION_VALUE.equals(section)) {
                    encoder.writeObject(new AmqpValue(new Binary(bytes.data())));
                } else {
                    writeData(out, bytes.buffer());
                }
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Body.MapBody) body).map().forEach((k, v) -> map.put(k, AmqpValues.toAmqp(v)));
                encoder.writeObject(new AmqpValue(map));
            }
            case LIST -> {
                List<Object> values = ((Body.ListBody) body).list();
                List<Object> list = new ArrayList<>(values.size());
                values.forEach(v -> list.add(AmqpValues.toAmqp(v)));
                encoder.writeObject(JmsMapping.SECTION_VALUE.equals(section) ? new AmqpValue(list)
                        : new AmqpSequence(list));
            }
            case OBJECT -> writeData(out, ByteBuffer.wrap(((Body.ObjectBody) body).serialized()));
        }
    }

    /** One data section straight from {@code bytes}, without copying them into a Binary first. */
    private static void writeData(WritableBuffer out, ByteBuffer bytes) {
        int length = bytes.remaining();
        out.ensureRemaining(DATA_DESCRIPTOR.length + 5 + length);
        out.put(DATA_DESCRIPTOR, 0, DATA_DESCRIPTOR.length);
        if (length <= 255) {
            out.put((byte) 0xA0); // vbin8
            out.put((byte) length);
        } else {
            out.put((byte) 0xB0); // vbin32
            out.putInt(length);
        }
        out.put(bytes);
    }

    private static byte keptType(Message m, byte otherwise) {
        Object kept = m.annotations().get(JmsMapping.JMS_MSG_TYPE.toString());
        if (kept instanceof Number n && n.intValue() >= JmsMapping.MESSAGE
                && n.intValue() <= JmsMapping.TEXT_MESSAGE) {
            return n.byteValue();
        }
        return otherwise;
    }

    /** A text body to send as a data section in the charset of its textual content type. */
    private static boolean isDataWithCharset(Message m) {
        return JmsMapping.SECTION_DATA.equals(section(m)) && ContentTypes.textCharset(m.contentType()) != null;
    }

    private static boolean isRaw(Message m) {
        return JmsMapping.SECTION_RAW.equals(section(m));
    }

    private static String section(Message m) {
        return m.annotations().get(JmsMapping.BODY_SECTION) instanceof String s ? s : null;
    }
}
