package io.ferrymq.transport.stomp;

import io.ferrymq.transport.ConnectionGuard;
import io.ferrymq.transport.TlsPeer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol side of one STOMP connection: it only pumps. Decoded frames are queued and handed to the
 * {@link FrameProcessor} one at a time (see its contract); decode failures, unknown commands, frames before CONNECT
 * and undefined escapes end the connection with an ERROR frame; heart-beats are written when the connection is idle
 * and a client silent past its promised interval (times the grace) is closed. Runs on the connection's event loop
 * only.
 */
final class StompServerHandler extends ChannelInboundHandlerAdapter implements FrameChannel {

    private static final Logger LOG = LoggerFactory.getLogger(StompServerHandler.class);
    static final String HEART_BEAT = "stomp-heartbeat";

    private final Function<FrameChannel, FrameProcessor> processors;
    private final StompFrameEncoder encoder;
    private final double heartBeatGrace;
    private final Deque<StompFrame> queue = new ArrayDeque<>();
    private Channel channel;
    private FrameProcessor processor;
    private StompVersion version;
    private boolean busy;
    private boolean failed;
    private boolean closed;

    /**
     * @param processors makes the connection's processor
     * @param encoder the connection's encoder, told the negotiated version
     * @param heartBeatGrace intervals of silence tolerated
     */
    StompServerHandler(Function<FrameChannel, FrameProcessor> processors, StompFrameEncoder encoder,
            double heartBeatGrace) {
        this.processors = processors;
        this.encoder = encoder;
        this.heartBeatGrace = heartBeatGrace;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        processor = processors.apply(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            return;
        }
        if (msg instanceof DecodeFailure f) {
            fail(null, new StompProtocolException(f.tooLarge() ? StompProtocolException.Kind.TOO_LARGE
                    : StompProtocolException.Kind.MALFORMED, f.message()));
        } else if (msg instanceof StompFrame frame) {
            queue.add(frame);
            pump();
        }
    }

    private void pump() {
        while (!busy && !failed && !queue.isEmpty()) {
            StompFrame frame = queue.poll();
            CompletionStage<Void> stage;
            try {
                stage = handle(frame);
            } catch (RuntimeException e) {
                fail(frame, e);
                return;
            }
            var future = stage.toCompletableFuture();
            if (future.isDone() && !future.isCompletedExceptionally()) {
                continue;
            }
            busy = true;
            pauseReads();
            stage.whenComplete((ignored, error) -> {
                busy = false;
                resumeReads();
                if (error != null) {
                    fail(frame, error);
                } else {
                    pump();
                }
            });
        }
    }

    private CompletionStage<Void> handle(StompFrame frame) {
        String command = frame.command();
        if (!StompFrame.CLIENT_COMMANDS.contains(command)) {
            throw new StompProtocolException(StompProtocolException.Kind.MALFORMED, "unknown command " + command);
        }
        boolean connect = command.equals(StompFrame.CONNECT) || command.equals(StompFrame.STOMP);
        if (version == null) {
            if (!connect) {
                throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                        command + " before CONNECT");
            }
            return processor.connect(frame);
        }
        if (connect) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "already connected");
        }
        StompFrame unescaped;
        try {
            unescaped = version.unescape(frame);
        } catch (IllegalArgumentException e) {
            throw new StompProtocolException(StompProtocolException.Kind.MALFORMED, e.getMessage());
        }
        return processor.process(unescaped);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'\n'}), channel.voidPromise());
            } else if (idle.state() == IdleState.READER_IDLE && !failed) {
                LOG.info("FP1003 {} sent nothing (not even a heart-beat) within the agreed interval, closing",
                        channel.remoteAddress());
                failed = true;
                channel.close();
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
        if (!closed) {
            closed = true;
            queue.clear();
            processor.closed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("I/O error on {}: {}", channel.remoteAddress(), cause.toString());
            channel.close();
            return;
        }
        fail(null, cause);
    }

    // FrameChannel

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public void write(StompFrame frame) {
        if (!closed && !failed) {
            channel.writeAndFlush(frame, channel.voidPromise());
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
    public void connected(StompVersion version, long sendMillis, long receiveMillis) {
        this.version = version;
        encoder.version(version);
        // a client that sends no heart-beats (every 1.0 client) is never timed out, as in ActiveMQ Classic and
        // RabbitMQ: a quiet subscriber may wait for hours
        long readerIdle = receiveMillis > 0 ? (long) Math.ceil(receiveMillis * heartBeatGrace) : 0;
        if (readerIdle > 0 || sendMillis > 0) {
            channel.pipeline().addFirst(HEART_BEAT, new IdleStateHandler(readerIdle, sendMillis, 0,
                    TimeUnit.MILLISECONDS));
        }
        ConnectionGuard.handshakeDone(channel);
        LOG.debug("FP1001 {} connected with STOMP {}, heart-beats {}ms out, {}ms in", channel.remoteAddress(),
                version.text(), sendMillis, receiveMillis);
    }

    @Override
    public void fail(StompFrame frame, Throwable cause) {
        if (failed || closed) {
            return;
        }
        failed = true;
        queue.clear();
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        StompProtocolException e = c instanceof StompProtocolException spe ? spe
                : new StompProtocolException(StompProtocolException.Kind.INTERNAL, "internal error", Map.of(), c);
        log(frame, e);
        StompFrame error = new StompFrame(StompFrame.ERROR).header("message", e.getMessage());
        e.headers().forEach(error::header);
        if (frame != null) {
            error.header("receipt-id", frame.header("receipt"));
        }
        error.header("content-type", "text/plain");
        error.body(frame == null ? e.getMessage() : "The " + frame.command() + " frame failed: " + e.getMessage());
        error.header("content-length", Integer.toString(error.body().length));
        channel.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
    }

    private void log(StompFrame frame, StompProtocolException e) {
        String what = frame == null ? "" : " (" + frame.command() + ")";
        SocketAddress peer = channel.remoteAddress();
        switch (e.kind()) {
            case MALFORMED -> LOG.warn("FP2001 malformed STOMP frame from {}{}, ERROR sent and closed: {}", peer, what,
                    e.getMessage());
            case TOO_LARGE -> LOG.warn("FP2002 STOMP frame from {} over a size limit, ERROR sent and closed: {}", peer,
                    e.getMessage());
            case PROTOCOL -> LOG.warn("FP2003 STOMP protocol violation by {}{}, ERROR sent and closed: {}", peer, what,
                    e.getMessage());
            case REFUSED -> LOG.info("FP1002 STOMP connection from {} refused: {}", peer, e.getMessage());
            case REJECTED -> LOG.info("FP1004 STOMP request from {}{} refused by the broker, ERROR sent and closed: {}",
                    peer, what, e.getMessage());
            case INTERNAL -> LOG.error("FP3001 unexpected failure on STOMP connection {}{}, ERROR sent and closed",
                    peer, what, e.getCause() == null ? e : e.getCause());
        }
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
        failed = true;
        queue.clear();
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
