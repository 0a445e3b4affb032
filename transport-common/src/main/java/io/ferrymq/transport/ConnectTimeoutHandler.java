package io.ferrymq.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that does not complete its protocol handshake within
 * {@link TransportLimits#connectTimeoutMillis()} of becoming active (FT2003). The protocol ends the timeout with
 * {@link ConnectionGuard#handshakeDone}, which removes this handler; removal cancels the timer. Named
 * {@link HandlerNames#CONNECT_TIMEOUT}. One instance per connection; called on the connection's event loop.
 */
final class ConnectTimeoutHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectTimeoutHandler.class);

    private final long timeoutMillis;
    private final String listenerName;
    private ScheduledFuture<?> timer;

    ConnectTimeoutHandler(long timeoutMillis, String listenerName) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
        this.listenerName = listenerName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        LOG.warn("FT2003 Listener '{}': no complete handshake within {} ms from {}, closing", listenerName,
                timeoutMillis, ctx.channel().remoteAddress());
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
