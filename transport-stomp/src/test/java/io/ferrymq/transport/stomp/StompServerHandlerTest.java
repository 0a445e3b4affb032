package io.ferrymq.transport.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.ConnectionGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The handler's pumping on an EmbeddedChannel with a scripted processor: ordering, pauses, errors, heart-beats. */
class StompServerHandlerTest {

    /** A processor whose stages the test completes. */
    private static final class ScriptedProcessor implements FrameProcessor {
        FrameChannel channel;
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final List<StompFrame> processed = new ArrayList<>();
        CompletableFuture<Void> next = CompletableFuture.completedFuture(null);
        boolean closed;

        @Override
        public CompletionStage<Void> connect(StompFrame connect) {
            return connected.thenRun(() -> {
                channel.connected(StompVersion.V1_2, 0, 0);
                channel.write(new StompFrame(StompFrame.CONNECTED).header("version", "1.2"));
            });
        }

        @Override
        public CompletionStage<Void> process(StompFrame frame) {
            processed.add(frame);
            if (frame.header("fail") != null) {
                throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, frame.header("fail"));
            }
            return next;
        }

        @Override
        public void writabilityChanged() {
        }

        @Override
        public void closed() {
            closed = true;
        }
    }

    private final ScriptedProcessor processor = new ScriptedProcessor();
    private final EmbeddedChannel channel = newChannel();

    private EmbeddedChannel newChannel() {
        StompFrameEncoder encoder = new StompFrameEncoder();
        return new EmbeddedChannel(new StompFrameDecoder(10_000, 100, 1000), encoder,
                new StompServerHandler(c -> {
                    processor.channel = c;
                    return processor;
                }, encoder, 1.5));
    }

    private void in(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
        channel.runPendingTasks();
    }

    private String out() {
        StringBuilder b = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            b.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return b.toString();
    }

    @Test
    void framesWaitForThePreviousStageWithReadsPausedAndAreUnescapedForTheVersion() {
        in("CONNECT\naccept-version:1.2\n\n\0SEND\ndestination:/queue/a\nk:a\\cb\n\n\0");
        assertThat(processor.processed).isEmpty(); // CONNECT still authenticating
        assertThat(ConnectionGuard.readPauses(channel)).isEqualTo(1);
        assertThat(channel.config().isAutoRead()).isFalse();

        processor.connected.complete(null);
        channel.runPendingTasks();
        assertThat(out()).startsWith("CONNECTED\nversion:1.2\n");
        assertThat(processor.processed).hasSize(1);
        assertThat(processor.processed.get(0).header("k")).isEqualTo("a:b");
        assertThat(ConnectionGuard.readPauses(channel)).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();

        processor.next = new CompletableFuture<>();
        in("SUBSCRIBE\nid:1\ndestination:/topic/t\n\n\0SEND\ndestination:/topic/t\n\n\0");
        assertThat(processor.processed).hasSize(2); // the SEND waits for the SUBSCRIBE
        CompletableFuture<Void> subscribed = processor.next;
        processor.next = CompletableFuture.completedFuture(null);
        subscribed.complete(null);
        channel.runPendingTasks();
        assertThat(processor.processed).extracting(StompFrame::command).containsExactly("SEND", "SUBSCRIBE", "SEND");
    }

    @Test
    void aFailingFrameGetsAnErrorWithItsReceiptIdThenTheConnectionCloses() {
        processor.connected.complete(null);
        in("CONNECT\naccept-version:1.2\n\n\0");
        out();
        in("SEND\ndestination:/queue/a\nreceipt:r-5\nfail:no way\n\n\0SEND\ndestination:/queue/a\n\n\0");
        String error = out();
        assertThat(error).startsWith("ERROR\n").contains("message:no way\n").contains("receipt-id:r-5\n");
        assertThat(processor.processed).hasSize(1); // nothing after the failure
        assertThat(channel.isOpen()).isFalse();
        assertThat(processor.closed).isTrue();
    }

    @Test
    void heartBeatsStartWhenConnected() {
        processor.connected.complete(null);
        assertThat(channel.pipeline().get(StompServerHandler.HEART_BEAT)).isNull();
        in("CONNECT\naccept-version:1.2\nheart-beat:1000,1000\n\n\0");
        processor.channel.connected(StompVersion.V1_2, 1000, 2000);
        IdleStateHandler idle = (IdleStateHandler) channel.pipeline().get(StompServerHandler.HEART_BEAT);
        assertThat(idle.getWriterIdleTimeInMillis()).isEqualTo(1000);
        assertThat(idle.getReaderIdleTimeInMillis()).isEqualTo(3000);
    }

    @Test
    void aClientWithoutHeartBeatsIsNeverTimedOut() {
        processor.connected.complete(null);
        in("CONNECT\naccept-version:1.0\n\n\0");
        processor.channel.connected(StompVersion.V1_0, 0, 0);
        assertThat(channel.pipeline().get(StompServerHandler.HEART_BEAT)).as("no idle handler at all").isNull();
    }
}
