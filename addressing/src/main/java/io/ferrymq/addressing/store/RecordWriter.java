package io.ferrymq.addressing.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends primitives to a growable byte array, big-endian. Not thread safe. */
final class RecordWriter {

    private byte[] buf;
    private int pos;

    RecordWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    RecordWriter writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
        return this;
    }

    RecordWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    RecordWriter writeShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    RecordWriter writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    RecordWriter writeLong(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    /** A non-negative int in 1 to 5 bytes. */
    RecordWriter writeVarInt(int v) {
        while ((v & ~0x7F) != 0) {
            writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        return writeByte(v);
    }

    RecordWriter writeBytes(byte[] b) {
        writeVarInt(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** A string as UTF-8 with its length; null is written as length 0 with a marker byte. */
    RecordWriter writeString(String s) {
        if (s == null) {
            return writeByte(0);
        }
        writeByte(1);
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
