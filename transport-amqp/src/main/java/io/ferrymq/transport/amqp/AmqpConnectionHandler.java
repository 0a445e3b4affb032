package io.ferrymq.transport.amqp;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.transport.ProtocolContext;
import io.ferrymq.transport.amqp.bridge.ConnectionBridge;
import io.ferrymq.transport.amqp.bridge.ProtonLink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pumps one connection's bytes through Proton-J's I/O-free engine: inbound bytes go into the {@link Transport}'s
 * tail, the {@link Collector}'s events go to the {@link ConnectionBridge}, and the transport's head is written to
 * the channel. The handler holds no protocol logic of its own.
 *
 * <p>Not thread safe: every method runs on the channel's event loop, and so do the engine's callbacks (the bridge
 * passes the event loop as the connection's executor); they call {@link #requestPump()} to flush their effects.
 */
final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnectionHandler.class);

    private final Engine engine;
    private final ProtocolContext context;

    /** The largest AMQP frame, whatever {@code limits.maxFrameSize} allows for whole messages. */
    static final int MAX_FRAME_SIZE = 1024 * 1024;

    private ChannelHandlerContext ctx;
    private Transport transport;
    private Collector collector;
    private ConnectionBridge bridge;
    private ScheduledFuture<?> tick;
    private long tickDeadline;
    private boolean pumpScheduled;
    private boolean pumping;
    private boolean closed;
    private boolean saslInstalled;

    AmqpConnectionHandler(Engine engine, ProtocolContext context) {
        this.engine = engine;
        this.context = context;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        transport = Proton.transport();
        // Proton's input buffer is one frame long and is reallocated after each read once it exceeds 2 MiB, so
        // frames stay at Qpid JMS's 1 MiB; larger messages span several transfer frames
        transport.setMaxFrameSize(Math.min(context.limits().maxFrameSize(), MAX_FRAME_SIZE));
        transport.setEmitFlowEventOnSend(false);
        long idle = context.limits().idleTimeoutMillis();
        if (idle > 0) {
            // AMQP 1.0 §2.4.5: we advertise our idle timeout; Proton closes with resource-limit-exceeded on expiry
            transport.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idle));
        }
        Connection connection = Proton.connection();
        collector = Proton.collector();
        connection.collect(collector);
        transport.bind(connection);
        bridge = new ConnectionBridge(engine, ctx.channel(), transport, connection, this::requestPump,
                context::handshakeDone, context.limits().maxFrameSize());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (!saslInstalled) {
            // set up SASL at the first bytes, when a TLS handshake (and its client certificate) is complete
            saslInstalled = true;
            bridge.installSasl(transport.sasl());
        }
        try {
            while (in.isReadable() && !closed) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    break; // the tail is closed (after an error or a close): further input is ignored
                }
                ByteBuffer tail = transport.tail();
                int n = Math.min(Math.min(capacity, tail.remaining()), in.readableBytes());
                int limit = tail.limit();
                tail.limit(tail.position() + n);
                in.readBytes(tail); // Proton reads what is before the tail's position
                tail.limit(limit);
                processInput();
            }
            in.skipBytes(in.readableBytes());
        } finally {
            in.release();
        }
        pump();
    }

    private void processInput() {
        try {
            transport.process();
        } catch (TransportException e) {
            // Proton has set the transport's condition (framing error) and queued TRANSPORT_ERROR; pump sends Close
            LOG.debug("transport error on {}", ctx.channel(), e);
        } catch (RuntimeException e) {
            // A frame Proton decoded but could not apply: a protocol violation such as a transfer, flow or
            // disposition on a handle that is not attached (AMQP 1.0 §2.7.5, §2.8.16)
            ErrorCondition condition = ProtonLink.violation(e);
            bridge.protocolViolation(condition, e);
        }
    }

    /** Processes pending events and flushes output on a later turn of the event loop; coalesces requests. */
    private void requestPump() {
        if (!pumpScheduled && !closed) {
            pumpScheduled = true;
            ctx.channel().eventLoop().execute(() -> {
                pumpScheduled = false;
                pump();
            });
        }
    }

    /** Handles the collector's events, then writes what the transport has to send. */
    private void pump() {
        if (closed || pumping) {
            return;
        }
        pumping = true;
        try {
            Event event;
            while ((event = collector.peek()) != null) {
                if (bridge.mustWait(event)) {
                    break; // pipelined behind the open: pumped again once the open is answered
                }
                try {
                    bridge.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.error("FA3001 unexpected failure handling {} on {}, closing the connection", event.getType(),
                            ctx.channel(), e);
                    bridge.internalError(e);
                }
                collector.pop();
            }
            flush();
            scheduleTick();
        } finally {
            pumping = false;
        }
    }

    private void flush() {
        boolean wrote = false;
        while (true) {
            int pending;
            try {
                pending = transport.pending();
            } catch (RuntimeException e) {
                LOG.error("FA3002 cannot encode output on {}, closing the connection", ctx.channel(), e);
                closeChannel();
                return;
            }
            if (pending < 0) {
                // end of stream: Close (or a failed SASL outcome) written, nothing follows
                if (wrote) {
                    ctx.flush();
                }
                closeChannel();
                return;
            }
            if (pending == 0) {
                break;
            }
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().buffer(pending);
            out.writeBytes(head.duplicate().limit(head.position() + pending));
            transport.pop(pending);
            ctx.write(out);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (bridge.closeAfterFlush()) {
            closeChannel();
        }
    }

    private void closeChannel() {
        if (!closed) {
            closed = true;
            cancelTick();
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Proton's tick sends empty frames for the peer's idle timeout and detects our own (AMQP 1.0 §2.4.5). */
    private void scheduleTick() {
        if (closed || (transport.getIdleTimeout() <= 0 && transport.getRemoteIdleTimeout() <= 0)) {
            return;
        }
        if (bridge.connectionState() == EndpointState.UNINITIALIZED) {
            return;
        }
        long now = nowMillis();
        long deadline = transport.tick(now);
        if (deadline == 0 || (tick != null && deadline == tickDeadline)) {
            return;
        }
        cancelTick();
        tickDeadline = deadline;
        tick = ctx.executor().schedule(() -> {
            tick = null;
            tickDeadline = 0;
            if (!closed) {
                transport.tick(nowMillis());
                pump();
            }
        }, Math.max(1, deadline - now), TimeUnit.MILLISECONDS);
    }

    private static final long CLOCK_ORIGIN = System.nanoTime();

    /** A monotonic clock for Proton's tick, never 0 (Proton reads 0 as "no deadline"). */
    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - CLOCK_ORIGIN) + 1;
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        bridge.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        cancelTick();
        bridge.channelClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("network failure on {}", ctx.channel(), cause);
        ctx.close();
    }
}
