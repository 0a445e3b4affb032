package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Detects a protocol that opens with a fixed ASCII prefix, the way the fake protocols of these tests do. */
final class PrefixDetection {

    private PrefixDetection() {
    }

    static Detection detect(ByteBuf firstBytes, String prefix) {
        byte[] expected = prefix.getBytes(StandardCharsets.US_ASCII);
        int available = Math.min(expected.length, firstBytes.readableBytes());
        for (int i = 0; i < available; i++) {
            if (firstBytes.getByte(firstBytes.readerIndex() + i) != expected[i]) {
                return Detection.NO_MATCH;
            }
        }
        return available == expected.length ? Detection.MATCH : Detection.NEED_MORE;
    }
}
