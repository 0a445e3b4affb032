package io.ferrymq.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a new connection against the server's {@link ConnectionCounter}. Over the limit the connection is closed
 * at once (FT2001), before any byte is read, and {@code channelActive} goes no further; otherwise the count is
 * released when the connection closes. Named {@link HandlerNames#CONNECTION_LIMIT}. One instance per connection;
 * called on the connection's event loop.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitHandler.class);

    private final ConnectionCounter counter;
    private final String listenerName;

    ConnectionLimitHandler(ConnectionCounter counter, String listenerName) {
        this.counter = counter;
        this.listenerName = listenerName;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!counter.tryAcquire()) {
            LOG.warn("FT2001 Listener '{}': connection limit of {} reached, closing connection from {}",
                    listenerName, counter.max(), ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> counter.release());
        ctx.fireChannelActive();
    }
}
