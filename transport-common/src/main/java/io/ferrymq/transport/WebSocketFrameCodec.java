package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * The bridge between WebSocket frames and a protocol's byte stream: the payload of every binary, text and
 * continuation frame goes on as plain bytes (so a protocol frame may span WebSocket frames, and one WebSocket frame
 * may hold several protocol frames), and every buffer the protocol writes goes out as one binary frame. Ping, pong
 * and close are answered before this handler by Netty's {@code WebSocketServerProtocolHandler}.
 *
 * <p>Named {@link HandlerNames#WEBSOCKET_FRAMES}. One per connection, on its event loop. Inbound frames are released
 * by the codec after their content is retained for the protocol; outbound buffers become the frames' content.
 */
final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame) {
            if (frame.content().isReadable()) {
                out.add(frame.content().retain());
            }
        }
        // other frames (pong when not dropped) carry nothing for the protocol
    }
}
