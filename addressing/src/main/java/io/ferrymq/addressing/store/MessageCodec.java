package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The journal encoding of a {@link Message}: a version byte, a presence bitmask for optional fields, the fields,
 * then properties, annotations and body with typed values. Stateless.
 */
public final class MessageCodec {

    private static final int VERSION = 1;

    private static final int F_MESSAGE_ID = 1;
    private static final int F_ROUTING = 1 << 1;
    private static final int F_CORRELATION = 1 << 2;
    private static final int F_REPLY_TO = 1 << 3;
    private static final int F_TYPE = 1 << 4;
    private static final int F_USER = 1 << 5;
    private static final int F_GROUP = 1 << 6;
    private static final int F_CONTENT_TYPE = 1 << 7;
    private static final int F_TIMES = 1 << 8;

    private static final int T_NULL = 0;
    private static final int T_BOOLEAN = 1;
    private static final int T_BYTE = 2;
    private static final int T_SHORT = 3;
    private static final int T_INT = 4;
    private static final int T_LONG = 5;
    private static final int T_FLOAT = 6;
    private static final int T_DOUBLE = 7;
    private static final int T_CHAR = 8;
    private static final int T_STRING = 9;
    private static final int T_BYTES = 10;
    private static final int T_UUID = 11;

    private MessageCodec() {}

    public static byte[] encode(Message m) {
        RecordWriter w = new RecordWriter(m.estimatedSize());
        write(w, m);
        return w.toByteArray();
    }

    public static Message decode(byte[] data) {
        return read(new RecordReader(data));
    }

    static void write(RecordWriter w, Message m) {
        w.writeByte(VERSION);
        int flags = 0;
        flags |= m.messageId() != null ? F_MESSAGE_ID : 0;
        flags |= m.routingType() != null ? F_ROUTING : 0;
        flags |= m.correlationId() != null ? F_CORRELATION : 0;
        flags |= m.replyTo() != null ? F_REPLY_TO : 0;
        flags |= m.type() != null ? F_TYPE : 0;
        flags |= m.userId() != null ? F_USER : 0;
        flags |= m.groupId() != null ? F_GROUP : 0;
        flags |= m.contentType() != null ? F_CONTENT_TYPE : 0;
        flags |= (m.timestamp() | m.expiration() | m.deliveryTime()) != 0 ? F_TIMES : 0;
        w.writeShort(flags);
        w.writeString(m.address());
        w.writeByte((m.durable() ? 0x10 : 0) | m.priority());
        if ((flags & F_MESSAGE_ID) != 0) {
            w.writeString(m.messageId());
        }
        if ((flags & F_ROUTING) != 0) {
            w.writeByte(m.routingType().ordinal());
        }
        if ((flags & F_TIMES) != 0) {
            w.writeLong(m.timestamp()).writeLong(m.expiration()).writeLong(m.deliveryTime());
        }
        if ((flags & F_CORRELATION) != 0) {
            writeValue(w, m.correlationId());
        }
        if ((flags & F_REPLY_TO) != 0) {
            w.writeString(m.replyTo().address()).writeByte(m.replyTo().kind().ordinal());
        }
        if ((flags & F_TYPE) != 0) {
            w.writeString(m.type());
        }
        if ((flags & F_USER) != 0) {
            w.writeString(m.userId());
        }
        if ((flags & F_GROUP) != 0) {
            w.writeString(m.groupId()).writeInt(m.groupSequence());
        }
        if ((flags & F_CONTENT_TYPE) != 0) {
            w.writeString(m.contentType());
        }
        writeMap(w, m.properties());
        writeMap(w, m.annotations());
        writeBody(w, m.body());
    }

    static Message read(RecordReader r) {
        int version = r.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("unknown message record version " + version);
        }
        int flags = r.readShort() & 0xFFFF;
        Message.Builder b = Message.builder().address(r.readString());
        int dp = r.readByte();
        b.durable((dp & 0x10) != 0).priority(dp & 0x0F);
        if ((flags & F_MESSAGE_ID) != 0) {
            b.messageId(r.readString());
        }
        if ((flags & F_ROUTING) != 0) {
            b.routingType(RoutingType.values()[r.readByte()]);
        }
        if ((flags & F_TIMES) != 0) {
            b.timestamp(r.readLong()).expiration(r.readLong()).deliveryTime(r.readLong());
        }
        if ((flags & F_CORRELATION) != 0) {
            b.correlationId(readValue(r));
        }
        if ((flags & F_REPLY_TO) != 0) {
            String address = r.readString();
            b.replyTo(new Destination(address, Destination.Kind.values()[r.readByte()]));
        }
        if ((flags & F_TYPE) != 0) {
            b.type(r.readString());
        }
        if ((flags & F_USER) != 0) {
            b.userId(r.readString());
        }
        if ((flags & F_GROUP) != 0) {
            b.groupId(r.readString()).groupSequence(r.readInt());
        }
        if ((flags & F_CONTENT_TYPE) != 0) {
            b.contentType(r.readString());
        }
        readMap(r).forEach(b::property);
        readMap(r).forEach(b::annotation);
        b.body(readBody(r));
        return b.build();
    }

    private static void writeBody(RecordWriter w, Body body) {
        w.writeByte(body.kind().ordinal());
        if (body instanceof Body.Bytes bytes) {
            w.writeBytes(bytes.data());
        } else if (body instanceof Body.Text text) {
            w.writeString(text.text());
        } else if (body instanceof Body.MapBody map) {
            writeMap(w, map.map());
        } else if (body instanceof Body.ListBody list) {
            w.writeVarInt(list.list().size());
            for (Object v : list.list()) {
                writeValue(w, v);
            }
        } else if (body instanceof Body.ObjectBody object) {
            w.writeBytes(object.serialized());
        }
    }

    private static Body readBody(RecordReader r) {
        Body.Kind kind = Body.Kind.values()[r.readByte()];
        switch (kind) {
            case EMPTY:
                return Body.EMPTY;
            case BYTES:
                return Body.bytes(r.readBytes());
            case TEXT:
                return Body.text(r.readString());
            case MAP:
                return Body.map(readMap(r));
            case LIST:
                int n = r.readVarInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(readValue(r));
                }
                return Body.list(list);
            case OBJECT:
                return Body.object(r.readBytes());
            default:
                throw new IllegalStateException("unknown body kind " + kind);
        }
    }

    private static void writeMap(RecordWriter w, Map<String, Object> map) {
        w.writeVarInt(map.size());
        for (Map.Entry<String, Object> e : map.entrySet()) {
            w.writeString(e.getKey());
            writeValue(w, e.getValue());
        }
    }

    private static Map<String, Object> readMap(RecordReader r) {
        int n = r.readVarInt();
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            String key = r.readString();
            map.put(key, readValue(r));
        }
        return map;
    }

    static void writeValue(RecordWriter w, Object v) {
        if (v == null) {
            w.writeByte(T_NULL);
        } else if (v instanceof String s) {
            w.writeByte(T_STRING).writeString(s);
        } else if (v instanceof Integer i) {
            w.writeByte(T_INT).writeInt(i);
        } else if (v instanceof Long l) {
            w.writeByte(T_LONG).writeLong(l);
        } else if (v instanceof Boolean b) {
            w.writeByte(T_BOOLEAN).writeBoolean(b);
        } else if (v instanceof Double d) {
            w.writeByte(T_DOUBLE).writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            w.writeByte(T_FLOAT).writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof Short s) {
            w.writeByte(T_SHORT).writeShort(s);
        } else if (v instanceof Byte b) {
            w.writeByte(T_BYTE).writeByte(b);
        } else if (v instanceof Character c) {
            w.writeByte(T_CHAR).writeShort(c);
        } else if (v instanceof byte[] b) {
            w.writeByte(T_BYTES).writeBytes(b);
        } else if (v instanceof UUID u) {
            w.writeByte(T_UUID).writeLong(u.getMostSignificantBits()).writeLong(u.getLeastSignificantBits());
        } else {
            throw new IllegalArgumentException("cannot encode " + v.getClass().getName());
        }
    }

    static Object readValue(RecordReader r) {
        int type = r.readByte();
        switch (type) {
            case T_NULL:
                return null;
            case T_BOOLEAN:
                return r.readBoolean();
            case T_BYTE:
                return (byte) r.readByte();
            case T_SHORT:
                return (short) r.readShort();
            case T_INT:
                return r.readInt();
            case T_LONG:
                return r.readLong();
            case T_FLOAT:
                return Float.intBitsToFloat(r.readInt());
            case T_DOUBLE:
                return Double.longBitsToDouble(r.readLong());
            case T_CHAR:
                return (char) r.readShort();
            case T_STRING:
                return r.readString();
            case T_BYTES:
                return r.readBytes();
            case T_UUID:
                return new UUID(r.readLong(), r.readLong());
            default:
                throw new IllegalStateException("unknown value type " + type);
        }
    }
}
