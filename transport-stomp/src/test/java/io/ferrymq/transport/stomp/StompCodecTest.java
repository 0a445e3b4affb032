package io.ferrymq.transport.stomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The decoder, the encoder and the version strategies on an EmbeddedChannel, without sockets. */
class StompCodecTest {

    private static EmbeddedChannel decoder(int maxFrameSize) {
        return new EmbeddedChannel(new StompFrameDecoder(maxFrameSize, 10, 100));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void contentLengthBodiesMayHoldNulAndFramesArriveInPieces() {
        EmbeddedChannel ch = decoder(1000);
        ch.writeInbound(bytes("\n\r\nSEND\r\ndestination:/queue/a\ncontent-length:3\n\na"));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(bytes("\0b\0SEND\ndestination:/queue/b\n\nhello\0"));
        StompFrame first = ch.readInbound();
        assertThat(first.command()).isEqualTo("SEND");
        assertThat(first.header("destination")).isEqualTo("/queue/a");
        assertThat(first.body()).containsExactly('a', 0, 'b');
        StompFrame second = ch.readInbound();
        assertThat(second.header("destination")).isEqualTo("/queue/b");
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void repeatedHeadersKeepTheFirstValueAndValuesStayEscapedForTheHandler() {
        EmbeddedChannel ch = decoder(1000);
        ch.writeInbound(bytes("SEND\nfoo:a\\cb\nfoo:second\n\n\0"));
        StompFrame f = ch.readInbound();
        assertThat(f.header("foo")).isEqualTo("a\\cb");
        assertThat(StompVersion.V1_2.unescape(f).header("foo")).isEqualTo("a:b");
        assertThat(StompVersion.V1_0.unescape(f).header("foo")).isEqualTo("a\\cb");
    }

    @Test
    void malformedInputIsReportedOnceAndTheRestDiscarded() {
        EmbeddedChannel ch = decoder(1000);
        ch.writeInbound(bytes("SEND\nno-colon-here\n\n\0SEND\n\n\0"));
        DecodeFailure failure = ch.readInbound();
        assertThat(failure.tooLarge()).isFalse();
        assertThat(failure.message()).contains("malformed header");
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isTrue(); // the decoder reports, the handler decides

        EmbeddedChannel lower = decoder(1000);
        lower.writeInbound(bytes("send\n\n\0"));
        assertThat(((DecodeFailure) lower.readInbound()).message()).contains("invalid command");

        EmbeddedChannel noNul = decoder(1000);
        noNul.writeInbound(bytes("SEND\ncontent-length:1\n\nab\0"));
        assertThat(((DecodeFailure) noNul.readInbound()).message()).contains("not terminated by NUL");
    }

    @Test
    void framesOverTheLimitAreRefusedBeforeTheirBodyArrives() {
        EmbeddedChannel declared = decoder(100);
        declared.writeInbound(bytes("SEND\ncontent-length:5000\n\n"));
        DecodeFailure f = declared.readInbound();
        assertThat(f.tooLarge()).isTrue();

        EmbeddedChannel streamed = decoder(100);
        streamed.writeInbound(bytes("SEND\n\n" + "x".repeat(150)));
        assertThat(((DecodeFailure) streamed.readInbound()).tooLarge()).isTrue();

        EmbeddedChannel headers = decoder(100_000);
        headers.writeInbound(bytes("SEND\n" + "h:v\n".repeat(11) + "\n\0"));
        assertThat(((DecodeFailure) headers.readInbound()).message()).contains("more than 10 headers");
    }

    @Test
    void escapingFollowsTheVersion() {
        String raw = "a:b\nc\\d\re";
        assertThat(StompVersion.V1_2.escape(raw)).isEqualTo("a\\cb\\nc\\\\d\\re");
        assertThat(StompVersion.V1_1.escape(raw)).isEqualTo("a\\cb\\nc\\\\d\re");
        assertThat(StompVersion.V1_0.escape(raw)).isEqualTo("a:b c\\d e");
        assertThat(StompVersion.V1_2.unescape("a\\cb\\nc\\\\d\\re")).isEqualTo(raw);
        assertThatThrownBy(() -> StompVersion.V1_1.unescape("x\\ry")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StompVersion.V1_2.unescape("x\\ty")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEncoderEscapesForTheNegotiatedVersionButNeverConnected() {
        StompFrameEncoder encoder = new StompFrameEncoder();
        EmbeddedChannel ch = new EmbeddedChannel(encoder);
        encoder.version(StompVersion.V1_2);
        ch.writeOutbound(new StompFrame("CONNECTED").header("session", "a:b"));
        ch.writeOutbound(new StompFrame("MESSAGE").header("k", "a:b").body(new byte[] {1, 0, 2}));
        assertThat(((ByteBuf) ch.readOutbound()).toString(StandardCharsets.UTF_8))
                .isEqualTo("CONNECTED\nsession:a:b\n\n\0");
        ByteBuf message = ch.readOutbound();
        byte[] bytes = new byte[message.readableBytes()];
        message.readBytes(bytes);
        assertThat(bytes).containsExactly("MESSAGE\nk:a\\cb\n\n\1\0\2\0".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void negotiationPicksTheHighestCommonVersionAndHeartBeats() {
        assertThat(StompVersion.negotiate(null)).isEqualTo(StompVersion.V1_0);
        assertThat(StompVersion.negotiate("1.0,1.1,1.2")).isEqualTo(StompVersion.V1_2);
        assertThat(StompVersion.negotiate("1.1, 1.0")).isEqualTo(StompVersion.V1_1);
        assertThat(StompVersion.negotiate("2.0")).isNull();
        HeartBeats hb = HeartBeats.negotiate("500,20", 100);
        assertThat(hb.sendMillis()).isEqualTo(100);
        assertThat(hb.receiveMillis()).isEqualTo(500);
        assertThat(HeartBeats.negotiate("0,0", 100)).isEqualTo(HeartBeats.NONE);
        assertThatThrownBy(() -> HeartBeats.negotiate("x", 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
