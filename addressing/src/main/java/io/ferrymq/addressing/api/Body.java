package io.ferrymq.addressing.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The body of a {@link Message}, with its kind. Bodies are immutable; the arrays, maps and lists handed in are
 * copied, and accessors return unmodifiable views or copies.
 *
 * <p>Map and list values are restricted to the property value types of {@link Message#properties()} (primitive
 * wrappers, {@link String}, {@code byte[]}); lists are JMS StreamMessage and AMQP list/sequence bodies.
 */
public sealed interface Body {

    /** The body kinds, one per JMS message type. */
    enum Kind {
        /** No body: a plain JMS Message, an empty MQTT payload. */
        EMPTY,
        /** Opaque bytes: JMS BytesMessage, MQTT payloads, STOMP frames with content-length, AMQP data sections. */
        BYTES,
        /** A string: JMS TextMessage, STOMP frames without content-length, AMQP amqp-value string. */
        TEXT,
        /** A map of named primitives: JMS MapMessage, AMQP amqp-value map. */
        MAP,
        /** A list of primitives: JMS StreamMessage, AMQP amqp-sequence or amqp-value list. */
        LIST,
        /** A serialized Java object carried as bytes, never deserialized by the broker: JMS ObjectMessage. */
        OBJECT
    }

    /** The empty body. */
    Body EMPTY = new Empty();

    Kind kind();

    /** An estimate of the memory the body holds, for address size accounting. */
    int estimatedSize();

    /**
     * The body as bytes, for protocols that carry only bytes (MQTT, STOMP with content-length): text as UTF-8,
     * bytes and serialized objects as they are, empty as zero bytes. Map and list bodies have no canonical byte
     * form and return {@code null}; the transport decides how to render them.
     */
    byte[] toBytes();

    static Body bytes(byte[] data) {
        return new Bytes(data);
    }

    static Body text(String text) {
        return new Text(text);
    }

    static Body map(Map<String, Object> map) {
        return new MapBody(map);
    }

    static Body list(List<Object> list) {
        return new ListBody(list);
    }

    static Body object(byte[] serialized) {
        return new ObjectBody(serialized);
    }

    /** No body. */
    record Empty() implements Body {
        @Override
        public Kind kind() {
            return Kind.EMPTY;
        }

        @Override
        public int estimatedSize() {
            return 0;
        }

        @Override
        public byte[] toBytes() {
            return new byte[0];
        }
    }

    /** Opaque bytes. */
    record Bytes(byte[] data) implements Body {
        public Bytes {
            data = data.clone();
        }

        /** A copy of the bytes. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The number of bytes, without copying. */
        public int length() {
            return data.length;
        }

        /** A read-only view of the bytes, without copying: for writing to a network buffer. */
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(data).asReadOnlyBuffer();
        }

        @Override
        public Kind kind() {
            return Kind.BYTES;
        }

        @Override
        public int estimatedSize() {
            return 16 + data.length;
        }

        @Override
        public byte[] toBytes() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(data, b.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Bytes[" + data.length + "]";
        }
    }

    /** A string. */
    record Text(String text) implements Body {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Kind kind() {
            return Kind.TEXT;
        }

        @Override
        public int estimatedSize() {
            return 40 + 2 * text.length();
        }

        @Override
        public byte[] toBytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A map of named primitives, in insertion order. */
    record MapBody(Map<String, Object> map) implements Body {
        public MapBody {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), PropertyValues.check(k, v)));
            map = Collections.unmodifiableMap(copy);
        }

        @Override
        public Kind kind() {
            return Kind.MAP;
        }

        @Override
        public int estimatedSize() {
            return PropertyValues.estimateMap(map);
        }

        @Override
        public byte[] toBytes() {
            return null;
        }
    }

    /** A list of primitives. */
    record ListBody(List<Object> list) implements Body {
        public ListBody {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object v : list) {
                copy.add(PropertyValues.check("list element", v));
            }
            list = Collections.unmodifiableList(copy);
        }

        @Override
        public Kind kind() {
            return Kind.LIST;
        }

        @Override
        public int estimatedSize() {
            int size = 32;
            for (Object v : list) {
                size += PropertyValues.estimate(v);
            }
            return size;
        }

        @Override
        public byte[] toBytes() {
            return null;
        }
    }

    /** A serialized Java object: bytes the broker never deserializes. */
    record ObjectBody(byte[] serialized) implements Body {
        public ObjectBody {
            serialized = serialized.clone();
        }

        @Override
        public byte[] serialized() {
            return serialized.clone();
        }

        @Override
        public Kind kind() {
            return Kind.OBJECT;
        }

        @Override
        public int estimatedSize() {
            return 16 + serialized.length;
        }

        @Override
        public byte[] toBytes() {
            return serialized.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ObjectBody b && Arrays.equals(serialized, b.serialized);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(serialized);
        }

        @Override
        public String toString() {
            return "ObjectBody[" + serialized.length + "]";
        }
    }
}
