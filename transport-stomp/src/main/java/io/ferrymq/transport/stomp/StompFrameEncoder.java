package io.ferrymq.transport.stomp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@link StompFrame}s to bytes: command, headers escaped for the negotiated version (CONNECTED never escaped, STOMP
 * 1.2 "Value Encoding"), a blank line, the body and a NUL. Other messages (a heart-beat's EOL as a ByteBuf) pass
 * through. The version is 1.0 (no escaping) until {@link #version(StompVersion)} sets the negotiated one.
 *
 * <p>Not sharable; runs on the connection's event loop.
 */
public final class StompFrameEncoder extends MessageToByteEncoder<StompFrame> {

    private StompVersion version = StompVersion.V1_0;

    /** Sets the negotiated version. Called on the connection's event loop. */
    public void version(StompVersion version) {
        this.version = version;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, StompFrame frame, ByteBuf out) {
        boolean escape = !frame.command().equals(StompFrame.CONNECTED);
        StompVersion v = escape ? version : StompVersion.V1_0;
        out.writeCharSequence(frame.command(), StandardCharsets.UTF_8);
        out.writeByte('\n');
        for (StompFrame.Header h : frame.headers()) {
            out.writeCharSequence(v.escape(h.name()), StandardCharsets.UTF_8);
            out.writeByte(':');
            out.writeCharSequence(v.escape(h.value()), StandardCharsets.UTF_8);
            out.writeByte('\n');
        }
        out.writeByte('\n');
        out.writeBytes(frame.body());
        out.writeByte(0);
    }
}
