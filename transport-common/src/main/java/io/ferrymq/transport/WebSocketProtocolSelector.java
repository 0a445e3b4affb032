package io.ferrymq.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a WebSocket connection's protocol when its upgrade completes: the protocol whose
 * {@link ProtocolFactory#webSocketSubprotocols()} holds the subprotocol Netty selected from the client's
 * {@code Sec-WebSocket-Protocol} header. It then puts the {@link WebSocketFrameCodec} in its own place and the
 * protocol's handlers behind it. A client that offers none of the protocols' subprotocols is logged (FT2007) and
 * closed. An HTTP request that is not an upgrade on the listener's path (which Netty passes on) is answered
 * {@code 404 Not Found} and the connection closed.
 *
 * <p>Named {@link HandlerNames#WEBSOCKET_SELECTOR}. One per connection, on its event loop.
 */
final class WebSocketProtocolSelector extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketProtocolSelector.class);

    private final List<ProtocolFactory> candidates;
    private final ProtocolContext context;

    WebSocketProtocolSelector(List<ProtocolFactory> candidates, ProtocolContext context) {
        this.candidates = List.copyOf(candidates);
        this.context = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            LOG.debug("FT1009 Listener '{}': HTTP {} {} from {} is no WebSocket upgrade on this path, 404",
                    context.listenerName(), request.method(), request.uri(), ctx.channel().remoteAddress());
            ReferenceCountUtil.release(msg);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_FOUND);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof HandshakeComplete handshake)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        String subprotocol = handshake.selectedSubprotocol();
        ProtocolFactory chosen = subprotocol == null ? null : candidates.stream()
                .filter(p -> p.webSocketSubprotocols().contains(subprotocol))
                .findFirst().orElse(null);
        if (chosen == null) {
            LOG.warn("FT2007 Listener '{}': WebSocket client {} at {} offered no known subprotocol ({}), closing",
                    context.listenerName(), ctx.channel().remoteAddress(), handshake.requestUri(),
                    handshake.requestHeaders().get("Sec-WebSocket-Protocol"));
            ctx.close();
            return;
        }
        LOG.debug("FT1008 Listener '{}': WebSocket subprotocol {} from {}: {}", context.listenerName(), subprotocol,
                ctx.channel().remoteAddress(), chosen.name());
        ctx.pipeline().replace(this, HandlerNames.WEBSOCKET_FRAMES, new WebSocketFrameCodec());
        try {
            chosen.install(ctx.pipeline(), context);
        } catch (RuntimeException e) {
            LOG.error("FT3002 Listener '{}': protocol {} failed to install connection from {}, closing",
                    context.listenerName(), chosen.name(), ctx.channel().remoteAddress(), e);
            ctx.close();
        }
    }
}
