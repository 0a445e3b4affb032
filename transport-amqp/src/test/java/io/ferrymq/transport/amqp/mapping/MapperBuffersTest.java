package io.ferrymq.transport.amqp.mapping;

import static io.ferrymq.transport.amqp.mapping.MapperSupport.MAPPER;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Message;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.codec.CompositeReadableBuffer;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.junit.jupiter.api.Test;

/** The buffers the link layer hands in: transfers split over frames, buffers already in use, several threads. */
class MapperBuffersTest {

    /** The bytes split into pieces of {@code size}, as a multi-frame transfer arrives. */
    private static CompositeReadableBuffer split(ByteBuffer bytes, int size) {
        CompositeReadableBuffer composite = new CompositeReadableBuffer();
        byte[] all = new byte[bytes.remaining()];
        bytes.duplicate().get(all);
        for (int at = 0; at < all.length; at += size) {
            composite.append(Arrays.copyOfRange(all, at, Math.min(all.length, at + size)));
        }
        return composite;
    }

    @Test
    void messageSplitOverFrames() throws Exception {
        byte[] payload = new byte[10_000];
        Arrays.fill(payload, (byte) 7);
        Message m = Message.builder().address("a").property("p", "v").body(Body.bytes(payload)).build();

        CompositeReadableBuffer in = split(encode(m), 512);
        Message back = MAPPER.decode(in).build();

        assertThat(back.body()).isEqualTo(Body.bytes(payload));
        assertThat(back.property("p")).isEqualTo("v");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void rawBodySplitOverFrames() throws Exception {
        org.apache.qpid.proton.message.Message sent = org.apache.qpid.proton.message.Message.Factory.create();
        sent.setAddress("a");
        sent.setBody(new AmqpValue(Map.of("nested", Map.of("k", "v".repeat(500)))));
        ByteBuffer bytes = MapperSupport.protonBytes(sent);

        Message m = MAPPER.decode(split(bytes, 100)).build();

        AmqpValue back = (AmqpValue) MapperSupport.proton(encode(m)).getBody();
        assertThat(back.getValue()).isEqualTo(Map.of("nested", Map.of("k", "v".repeat(500))));
    }

    @Test
    void decodesFromTheBuffersPositionToItsLimit() throws Exception {
        ByteBuffer message = encode(Message.builder().address("a").body(Body.text("x")).build());
        ByteBuffer framed = ByteBuffer.allocate(message.remaining() + 20);
        framed.position(8);
        framed.put(message.duplicate());
        int end = framed.position();
        framed.put(new byte[] {0x55, 0x55, 0x55}); // garbage after the limit must not be read
        framed.limit(end);
        framed.position(8);

        Message back = MAPPER.decode(ReadableBuffer.ByteBufferReader.wrap(framed)).build();

        assertThat(back.body()).isEqualTo(Body.text("x"));
    }

    @Test
    void encodesAfterWhatTheBufferAlreadyHolds() throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        buf.put(new byte[] {1, 2, 3});
        MAPPER.encode(Message.builder().address("a").body(Body.bytes(new byte[] {9})).build(), 0,
                WritableBuffer.ByteBufferWrapper.wrap(buf));
        buf.flip();
        buf.position(3);

        assertThat(MAPPER.decode(ReadableBuffer.ByteBufferReader.wrap(buf)).build().body())
                .isEqualTo(Body.bytes(new byte[] {9}));
    }

    @Test
    void theDecodedMessageDoesNotShareTheTransferBytes() throws Exception {
        Message m = Message.builder().address("a").correlationId(new byte[] {4}).property("b", new byte[] {5})
                .body(Body.bytes(new byte[] {1, 2, 3})).build();
        ByteBuffer bytes = encode(m);
        byte[] frame = new byte[bytes.remaining()];
        bytes.get(frame);

        Message back = MAPPER.decode(ReadableBuffer.ByteBufferReader.wrap(frame)).build();
        Arrays.fill(frame, (byte) 0); // the link layer reuses its buffers

        assertThat(back.body()).isEqualTo(Body.bytes(new byte[] {1, 2, 3}));
        assertThat((byte[]) back.correlationId()).containsExactly(4);
        assertThat((byte[]) back.property("b")).containsExactly(5);
    }

    @Test
    void manyThreadsShareOneMapper() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                Callable<Boolean> task = () -> {
                    for (int i = 0; i < 500; i++) {
                        String text = "t" + thread + "-" + i;
                        Message m = Message.builder().address("a").property("i", i).body(Body.text(text)).build();
                        Message back = MAPPER.decode(ReadableBuffer.ByteBufferReader.wrap(encode(m))).build();
                        if (!back.body().equals(Body.text(text)) || !back.property("i").equals(i)) {
                            return false;
                        }
                    }
                    return true;
                };
                results.add(pool.submit(task));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
