package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProtocolDetectorTest {

    private final ProtocolContext context = new ProtocolContext("test", TransportLimits.defaults(),
            TransportServices.empty());
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void waitsForMoreBytesThenInstallsAndForwardsTheBufferedOnes() {
        channel = detecting(new PingProtocolFactory(), new EchoProtocolFactory());

        for (String chunk : List.of("E", "C", "H")) {
            channel.writeInbound(ascii(chunk));
            assertThat(channel.pipeline().get(HandlerNames.PROTOCOL_DETECTOR)).isNotNull();
            assertThat(channel.pipeline().get("echo-handler")).isNull();
        }
        channel.writeInbound(ascii("O!"));

        assertThat(channel.pipeline().get(HandlerNames.PROTOCOL_DETECTOR)).isNull();
        assertThat(channel.pipeline().get("echo-handler")).isNotNull();
        assertThat(readOutbound()).isEqualTo("ECHO!");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void bytesOfNoProtocolCloseTheConnection() {
        channel = detecting(new PingProtocolFactory(), new EchoProtocolFactory());

        channel.writeInbound(ascii("PIN"));
        assertThat(channel.isActive()).isTrue();
        channel.writeInbound(ascii("X"));

        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void givesUpWhenNoProtocolDecidesWithinTheMaximum() {
        channel = detecting(new UndecidedProtocolFactory());

        channel.writeInbound(Unpooled.wrappedBuffer(new byte[ProtocolFactory.MAX_DETECTION_BYTES - 1]));
        assertThat(channel.isActive()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[1]));

        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void theFirstMatchInListenerOrderWins() {
        channel = detecting(new EchoProtocolFactory(), new AnythingProtocolFactory());

        channel.writeInbound(ascii("ECHO"));

        assertThat(channel.pipeline().get("echo-handler")).isNotNull();
        assertThat(readOutbound()).isEqualTo("ECHO");
    }

    @Test
    void aFactoryThatMovesTheReaderIndexCannotHideBytes() {
        channel = detecting(new GreedyProtocolFactory(), new EchoProtocolFactory());

        channel.writeInbound(ascii("ECHO"));

        assertThat(readOutbound()).isEqualTo("ECHO");
    }

    private EmbeddedChannel detecting(ProtocolFactory... factories) {
        EmbeddedChannel embedded = new EmbeddedChannel();
        embedded.pipeline().addLast(HandlerNames.PROTOCOL_DETECTOR, new ProtocolDetector(List.of(factories), context));
        return embedded;
    }

    private String readOutbound() {
        StringBuilder text = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            text.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return text.toString();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** Never decides. */
    private static final class UndecidedProtocolFactory extends FakeFactory {
        @Override
        public Detection detect(ByteBuf firstBytes) {
            return Detection.NEED_MORE;
        }
    }

    /** Claims every connection, after echo in listener order. */
    private static final class AnythingProtocolFactory extends FakeFactory {
        @Override
        public Detection detect(ByteBuf firstBytes) {
            return Detection.MATCH;
        }
    }

    /** Breaks the contract by consuming what it reads. */
    private static final class GreedyProtocolFactory extends FakeFactory {
        @Override
        public Detection detect(ByteBuf firstBytes) {
            firstBytes.skipBytes(firstBytes.readableBytes());
            return Detection.NO_MATCH;
        }
    }

    private abstract static class FakeFactory implements ProtocolFactory {
        @Override
        public String name() {
            return getClass().getSimpleName();
        }

        @Override
        public int defaultPort() {
            return 1;
        }

        @Override
        public void install(ChannelPipeline pipeline, ProtocolContext context) {
            pipeline.addLast("fake-" + name(), new io.netty.channel.ChannelInboundHandlerAdapter());
        }
    }
}
