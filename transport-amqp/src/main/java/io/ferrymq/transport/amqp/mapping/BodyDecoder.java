package io.ferrymq.transport.amqp.mapping;

import io.ferrymq.addressing.api.Body;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;

/**
 * The engine body of AMQP body sections, choosing the kind as Qpid JMS chooses the JMS message class: by the
 * {@code x-opt-jms-msg-type} annotation when present, otherwise by section and content type (AMQP JMS Mapping
 * §3.2). Where Qpid JMS builds an ObjectMessage for an amqp-value map or list (no annotation), the engine gets a
 * map or list body instead, as Artemis does, so that OpenWire and STOMP consumers can read it.
 */
final class BodyDecoder {

    /**
     * A decoded body.
     *
     * @param body the body
     * @param section the {@link JmsMapping#BODY_SECTION} hint to keep, or null
     * @param jmsType the {@code x-opt-jms-msg-type} to keep for an empty or raw body, or null
     */
    record Decoded(Body body, String section, Byte jmsType) {

        static Decoded of(Body body) {
            return new Decoded(body, null, null);
        }
    }

    private BodyDecoder() {}

    /**
     * @param jmsType the {@code x-opt-jms-msg-type} value, or null
     * @param contentType the properties content-type, or null
     */
    static Decoded decode(Sections s, Byte jmsType, String contentType) {
        return switch (s.bodyKind) {
            case NONE -> none(jmsType);
            case DATA -> data(jmsType, contentType, concat(s.data));
            case VALUE -> value(s, jmsType);
            case SEQUENCE -> list(s, s.sequence, null, jmsType);
        };
    }

    private static Decoded none(Byte t) {
        if (t == null) {
            return Decoded.of(Body.EMPTY);
        }
        return switch (t) {
            case JmsMapping.BYTES_MESSAGE -> Decoded.of(Body.bytes(new byte[0]));
            case JmsMapping.MAP_MESSAGE -> Decoded.of(Body.map(Map.of()));
            case JmsMapping.STREAM_MESSAGE -> Decoded.of(Body.list(List.of()));
            case JmsMapping.TEXT_MESSAGE, JmsMapping.OBJECT_MESSAGE -> new Decoded(Body.EMPTY, null, t);
            default -> Decoded.of(Body.EMPTY);
        };
    }

    private static Decoded data(Byte t, String contentType, byte[] bytes) {
        if (t != null) {
            return switch (t) {
                case JmsMapping.OBJECT_MESSAGE -> Decoded.of(Body.object(bytes));
                // Qpid JMS reads an annotated TextMessage's data section as UTF-8 whatever the content type says
                case JmsMapping.TEXT_MESSAGE -> new Decoded(
                        Body.text(new String(bytes, StandardCharsets.UTF_8)), JmsMapping.SECTION_DATA, null);
                default -> Decoded.of(Body.bytes(bytes));
            };
        }
        if (ContentTypes.is(contentType, JmsMapping.SERIALIZED_JAVA_OBJECT)) {
            return Decoded.of(Body.object(bytes));
        }
        Charset charset = ContentTypes.textCharset(contentType);
        if (charset != null) {
            return new Decoded(Body.text(new String(bytes, charset)), JmsMapping.SECTION_DATA, null);
        }
        return Decoded.of(Body.bytes(bytes));
    }

    private static Decoded value(Sections s, Byte t) {
        Object v = s.value;
        if (t != null && t == JmsMapping.OBJECT_MESSAGE) {
            // an AMQP-typed ObjectMessage (JMS_AMQP_TYPED_ENCODING): only AMQP consumers can read it
            return v == null ? new Decoded(Body.EMPTY, null, t) : raw(s, t);
        }
        if (v == null) {
            if (t == null) {
                // Qpid JMS makes a TextMessage with null text of it
                return new Decoded(Body.EMPTY, null, JmsMapping.TEXT_MESSAGE);
            }
            return none(t);
        }
        if (v instanceof String text) {
            return Decoded.of(Body.text(text));
        }
        if (v instanceof Binary b) {
            return new Decoded(Body.bytes(bytes(b)), JmsMapping.SECTION_VALUE, null);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object converted = AmqpValues.toEngine(e.getValue());
                if (!(e.getKey() instanceof String key) || converted == AmqpValues.UNSUPPORTED) {
                    return raw(s, t);
                }
                values.put(key, converted);
            }
            return Decoded.of(Body.map(values));
        }
        if (v instanceof List<?> list) {
            return list(s, list, JmsMapping.SECTION_VALUE, t);
        }
        return raw(s, t);
    }

    private static Decoded list(Sections s, List<?> list, String section, Byte t) {
        List<Object> values = new ArrayList<>(list.size());
        for (Object element : list) {
            Object converted = AmqpValues.toEngine(element);
            if (converted == AmqpValues.UNSUPPORTED) {
                return raw(s, t);
            }
            values.add(converted);
        }
        return new Decoded(Body.list(values), section, null);
    }

    /** The body sections as they were encoded, for bodies the engine has no kind for. */
    private static Decoded raw(Sections s, Byte t) {
        return new Decoded(Body.bytes(s.rawBody()), JmsMapping.SECTION_RAW, t);
    }

    private static byte[] concat(List<Binary> data) {
        if (data.size() == 1) {
            return bytes(data.get(0));
        }
        int length = 0;
        for (Binary b : data) {
            length += b.getLength();
        }
        byte[] out = new byte[length];
        int at = 0;
        for (Binary b : data) {
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, at, b.getLength());
            at += b.getLength();
        }
        return out;
    }

    /** The bytes of a binary, without a copy when it spans its whole array (as the decoder makes it). */
    private static byte[] bytes(Binary b) {
        byte[] array = b.getArray();
        if (b.getArrayOffset() == 0 && b.getLength() == array.length) {
            return array;
        }
        byte[] out = new byte[b.getLength()];
        System.arraycopy(array, b.getArrayOffset(), out, 0, out.length);
        return out;
    }
}
