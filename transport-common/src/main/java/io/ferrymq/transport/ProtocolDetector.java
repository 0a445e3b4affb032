package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port unification: buffers a connection's first bytes until one of the listener's protocols recognises them
 * ({@link ProtocolFactory#detect}), installs that protocol, removes itself and fires the buffered bytes into the
 * protocol's handlers. Bytes no protocol recognises, or {@link ProtocolFactory#MAX_DETECTION_BYTES} bytes without a decision, are
 * logged once (FT2002, with up to {@value #HEX_DUMP_BYTES} bytes in hex) and the connection is closed.
 *
 * <p>Named {@link HandlerNames#PROTOCOL_DETECTOR}. One instance per connection; called on the connection's event
 * loop. The cumulation buffer is released by {@link ByteToMessageDecoder} (forwarded on removal, freed on close).
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    static final int HEX_DUMP_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolDetector.class);

    private final List<ProtocolFactory> candidates;
    private final ProtocolContext context;

    /**
     * @param candidates the protocols to detect, asked in this order; when empty, every connection is unknown
     * @param context    the listener's context, passed to the chosen protocol's install
     */
    ProtocolDetector(List<ProtocolFactory> candidates, ProtocolContext context) {
        this.candidates = List.copyOf(candidates);
        this.context = context;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        boolean needMore = false;
        for (ProtocolFactory candidate : candidates) {
            Detection detection;
            try {
                detection = ask(candidate, in);
            } catch (RuntimeException e) {
                fail(ctx, in, candidate, "detect", e);
                return;
            }
            if (detection == Detection.MATCH) {
                install(ctx, in, candidate);
                return;
            }
            needMore |= detection == Detection.NEED_MORE;
        }
        if (!needMore || in.readableBytes() >= ProtocolFactory.MAX_DETECTION_BYTES) {
            LOG.warn("FT2002 Listener '{}': unknown protocol from {}, first bytes {}", context.listenerName(),
                    ctx.channel().remoteAddress(),
                    ByteBufUtil.hexDump(in, in.readerIndex(), Math.min(HEX_DUMP_BYTES, in.readableBytes())));
            discardAndClose(ctx, in);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // The client went away before its protocol was known: nothing to install for a closed connection.
        in.skipBytes(in.readableBytes());
    }

    private static Detection ask(ProtocolFactory candidate, ByteBuf in) {
        int readerIndex = in.readerIndex();
        int writerIndex = in.writerIndex();
        Detection detection = candidate.detect(in);
        // Contract: detect() does not move the indexes. Restore them so one faulty factory cannot hide bytes.
        in.setIndex(readerIndex, writerIndex);
        if (detection == null) {
            throw new IllegalStateException(candidate.getClass().getName() + ".detect returned null");
        }
        return detection;
    }

    private void install(ChannelHandlerContext ctx, ByteBuf in, ProtocolFactory protocol) {
        LOG.debug("FT1005 Listener '{}': detected {} from {}", context.listenerName(), protocol.name(),
                ctx.channel().remoteAddress());
        try {
            protocol.install(ctx.pipeline(), context);
        } catch (RuntimeException e) {
            fail(ctx, in, protocol, "install", e);
            return;
        }
        // Removal forwards the buffered bytes to the protocol's handlers (ByteToMessageDecoder#handlerRemoved).
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, ProtocolFactory protocol, String step,
            RuntimeException e) {
        LOG.error("FT3002 Listener '{}': protocol {} failed to {} connection from {}, closing",
                context.listenerName(), protocol.name(), step, ctx.channel().remoteAddress(), e);
        discardAndClose(ctx, in);
    }

    private static void discardAndClose(ChannelHandlerContext ctx, ByteBuf in) {
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
