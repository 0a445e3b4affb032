package io.ferrymq.transport.openwire;

import io.ferrymq.transport.ConnectionGuard;
import io.ferrymq.transport.TlsPeer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.activemq.command.BrokerId;
import org.apache.activemq.command.BrokerInfo;
import org.apache.activemq.command.Command;
import org.apache.activemq.command.KeepAliveInfo;
import org.apache.activemq.command.WireFormatInfo;
import org.apache.activemq.openwire.OpenWireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol side of one OpenWire connection: sends the broker's WireFormatInfo as soon as it is added, negotiates
 * the wire format with the client's (ActiveMQ's WireFormatNegotiator: the lesser of both sides' options), runs the
 * inactivity monitor (KeepAliveInfo out every half negotiated MaxInactivityDuration without writes, close after a
 * whole one without reads) and hands every other command to its {@link CommandProcessor}. Runs on the connection's
 * event loop only.
 */
final class OpenWireServerHandler extends ChannelInboundHandlerAdapter implements CommandChannel {

    private static final Logger LOG = LoggerFactory.getLogger(OpenWireServerHandler.class);
    static final String IDLE = "openwire-inactivity";

    private final OpenWireFormat wireFormat;
    private final Function<CommandChannel, CommandProcessor> processors;
    private final String brokerName;
    private Channel channel;
    private CommandProcessor processor;
    private boolean negotiated;
    private boolean closed;
    private boolean closing;
    private volatile boolean jakartaClient = true;

    OpenWireServerHandler(OpenWireFormat wireFormat, Function<CommandChannel, CommandProcessor> processors,
            String brokerName) {
        this.wireFormat = wireFormat;
        this.processors = processors;
        this.brokerName = brokerName;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        processor = processors.apply(this);
        ctx.writeAndFlush(wireFormat.getPreferedWireFormatInfo());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof Command command)) {
            return;
        }
        if (command.isWireFormatInfo()) {
            negotiate(ctx, (WireFormatInfo) command);
        } else if (!negotiated) {
            LOG.warn("FO2003 {} sent {} before its WireFormatInfo, closing", channel.remoteAddress(),
                    command.getClass().getSimpleName());
            close();
        } else if (command instanceof KeepAliveInfo keepAlive) {
            if (keepAlive.isResponseRequired()) {
                keepAlive.setResponseRequired(false);
                write(keepAlive);
            }
        } else {
            processor.process(command);
        }
    }

    private void negotiate(ChannelHandlerContext ctx, WireFormatInfo info) throws IOException {
        if (negotiated) {
            return;
        }
        WireFormatInfo ours = wireFormat.getPreferedWireFormatInfo();
        wireFormat.renegotiateWireFormat(info);
        negotiated = true;
        String providerVersion = info.getProviderVersion();
        jakartaClient = providerVersion == null || !providerVersion.matches("[1-5]\\..*");
        long inactivity = lesserPositive(ours.getMaxInactivityDuration(), info.getMaxInactivityDuration());
        if (inactivity > 0) {
            long initialDelay = Math.max(0, info.getMaxInactivityDurationInitalDelay());
            ctx.pipeline().addFirst(IDLE, new IdleStateHandler(inactivity + initialDelay, inactivity / 2, 0,
                    TimeUnit.MILLISECONDS));
        }
        LOG.debug("FO1001 {} negotiated OpenWire v{} tight={} cache={} sizePrefix={} inactivity={}ms",
                channel.remoteAddress(), wireFormat.getVersion(), wireFormat.isTightEncodingEnabled(),
                wireFormat.isCacheEnabled(), !wireFormat.isSizePrefixDisabled(), inactivity);
        BrokerInfo broker = new BrokerInfo();
        broker.setBrokerId(new BrokerId(brokerName));
        broker.setBrokerName(brokerName);
        write(broker);
    }

    private static long lesserPositive(long a, long b) {
        if (a <= 0 || b <= 0) {
            return 0;
        }
        return Math.min(a, b);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                write(new KeepAliveInfo());
            } else if (idle.state() == IdleState.READER_IDLE) {
                LOG.warn("FO2002 {} sent nothing within the inactivity duration, closing", channel.remoteAddress());
                close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            processor.writabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        closed = true;
        processor.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            LOG.debug("after close on {}: {}", channel.remoteAddress(), cause.toString());
            return;
        }
        if (cause instanceof DecoderException) {
            LOG.warn("FO2001 malformed OpenWire frame from {}, closing: {}", channel.remoteAddress(),
                    String.valueOf(cause.getMessage()));
        } else if (cause instanceof IOException) {
            LOG.debug("I/O error on {}: {}", channel.remoteAddress(), cause.toString());
        } else {
            LOG.error("FO3001 unexpected failure on OpenWire connection {}, closing", channel.remoteAddress(), cause);
        }
        close();
    }

    // CommandChannel

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public void write(Command command) {
        if (!closed) {
            channel.writeAndFlush(command, channel.voidPromise());
        }
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void pauseReads() {
        ConnectionGuard.pauseReads(channel);
    }

    @Override
    public void resumeReads() {
        ConnectionGuard.resumeReads(channel);
    }

    @Override
    public void handshakeDone() {
        ConnectionGuard.handshakeDone(channel);
    }

    @Override
    public boolean jakartaClient() {
        return jakartaClient;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String certificateSubject() {
        return TlsPeer.subject(channel).orElse(null);
    }

    @Override
    public void close() {
        closing = true;
        channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
