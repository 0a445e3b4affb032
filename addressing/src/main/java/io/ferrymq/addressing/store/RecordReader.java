package io.ferrymq.addressing.store;

import java.nio.charset.StandardCharsets;

/** Reads what {@link RecordWriter} wrote. Not thread safe. */
final class RecordReader {

    private final byte[] buf;
    private int pos;

    RecordReader(byte[] buf) {
        this.buf = buf;
    }

    private void need(int n) {
        if (pos + n > buf.length) {
            throw new IllegalStateException("record truncated at " + pos + " (need " + n + " of " + buf.length + ")");
        }
    }

    int readByte() {
        need(1);
        return buf[pos++];
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    int readShort() {
        need(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return (short) v;
    }

    int readInt() {
        need(4);
        int v = ((buf[pos] & 0xFF) << 24)
                | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long readLong() {
        long hi = readInt() & 0xFFFFFFFFL;
        long lo = readInt() & 0xFFFFFFFFL;
        return (hi << 32) | lo;
    }

    int readVarInt() {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("bad varint");
    }

    byte[] readBytes() {
        int n = readVarInt();
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    String readString() {
        if (readByte() == 0) {
            return null;
        }
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    boolean hasMore() {
        return pos < buf.length;
    }
}
