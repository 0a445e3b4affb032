package io.ferrymq.transport.mqtt;

import io.ferrymq.transport.ConnectionGuard;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty end of an MQTT connection: pumps decoded packets into the {@link MqttSession}, turns decoder failures
 * into reason codes (the decoder reports, the session decides), and carries the session's writes, keep alive and
 * back-pressure to the channel. Runs on the connection's event loop.
 */
final class MqttServerHandler extends ChannelInboundHandlerAdapter implements MqttSession.Channel, Broker.Events {

    private static final Logger LOG = LoggerFactory.getLogger(MqttServerHandler.class);

    /** How long a connection the server ends keeps reading (and discarding) before it closes for good. */
    static final long LINGER_MILLIS = 2_000;

    private final Broker broker;
    private final MqttOptions options;
    private final int maxPacketSize;
    private Channel channel;
    private MqttSession session;
    private boolean flushScheduled;
    private boolean failed;
    private boolean closing;

    MqttServerHandler(Broker broker, MqttOptions options, int maxPacketSize) {
        this.broker = broker;
        this.options = options;
        this.maxPacketSize = maxPacketSize;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        session = new MqttSession(broker, options, this, this, ctx.executor(), channel.remoteAddress(),
                maxPacketSize);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (packet.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            decodeFailed(packet.decoderResult().cause());
            return;
        }
        if (failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        session.onPacket(packet);
    }

    private void decodeFailed(Throwable cause) {
        if (failed) {
            return; // the decoder discards everything after a failure; one log line per connection
        }
        failed = true;
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            LOG.info("FM1005 MQTT CONNECT from {} with an unsupported protocol level, refused",
                    channel.remoteAddress());
            session.unsupportedLevel();
        } else if (cause instanceof MqttIdentifierRejectedException) {
            LOG.info("FM1006 MQTT CONNECT from {} with an invalid client id, refused", channel.remoteAddress());
            session.identifierRejected();
        } else if (cause instanceof TooLongFrameException) {
            LOG.warn("FM2001 MQTT packet from {} over the maximum packet size ({} bytes), connection closed: {}",
                    channel.remoteAddress(), maxPacketSize, cause.getMessage());
            session.decodeFailed(0x95, "packet too large"); // 5.0 §3.2.2.3.6
        } else {
            LOG.warn("FM2000 malformed MQTT packet from {}, connection closed: {}", channel.remoteAddress(),
                    cause.toString());
            session.decodeFailed(0x81, "malformed packet"); // 5.0 §4.13.1
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.channelClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            session.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            session.keepAliveExpired();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("FM1007 MQTT connection {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    // ---- MqttSession.Channel ----

    @Override
    public void write(MqttMessage packet) {
        channel.write(packet, channel.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            channel.eventLoop().execute(() -> {
                flushScheduled = false;
                channel.flush();
            });
        }
    }

    @Override
    public void flush() {
        channel.flush();
    }

    /**
     * Flushes and ends the connection. On plain TCP the server half-closes: it sends FIN after its last packet
     * (CONNACK refusal, DISCONNECT with a reason code), then reads and discards what the client still sends until
     * the client closes, or for at most {@link #LINGER_MILLIS}. Closing a socket with unread input at once makes the
     * kernel answer the client's next packet with a TCP reset, and a client that gets the reset before it read the
     * server's last packet never sees that packet (MQTT 5.0 §4.13: the reason code is meant to reach it). The
     * session ends at once all the same. TLS and WebSocket connections close as before (their own close handshake).
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        failed = true; // discard every packet read from now on
        var flushed = channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
        if (!(channel instanceof DuplexChannel duplex) || !plainTcp()) {
            flushed.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        flushed.addListener(f -> {
            if (!f.isSuccess() || !channel.isActive()) {
                channel.close();
                return;
            }
            duplex.shutdownOutput().addListener(s -> {
                if (!s.isSuccess()) {
                    channel.close();
                }
            });
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
        channel.eventLoop().execute(session::channelClosed); // the session ends now, not when the socket does
    }

    private boolean plainTcp() {
        for (var entry : channel.pipeline()) {
            ChannelHandler h = entry.getValue();
            if (h instanceof SslHandler || h.getClass().getName().contains("WebSocket")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void keepAlive(int seconds) {
        if (seconds > 0) {
            long millis = seconds * 1500L; // 3.1.1 §3.1.2.10: one and a half times the keep alive
            channel.pipeline().addBefore(MqttProtocolFactory.HANDLER, MqttProtocolFactory.IDLE,
                    new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void handshakeDone() {
        ConnectionGuard.handshakeDone(channel);
    }

    // ---- Broker.Events ----

    @Override
    public Executor executor() {
        return channel.eventLoop();
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
    public void takenOver() {
        session.takenOver();
    }

    @Override
    public void serverClosing() {
        session.serverClosing();
    }
}
