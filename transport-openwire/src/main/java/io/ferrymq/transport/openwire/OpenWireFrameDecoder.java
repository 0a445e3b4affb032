package io.ferrymq.transport.openwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.util.List;
import org.apache.activemq.openwire.OpenWireFormat;

/**
 * Bytes to OpenWire commands with the connection's {@link OpenWireFormat}, which the WireFormatInfo negotiation
 * reconfigures in place (tight or loose encoding, cache, size prefix).
 *
 * <p>With the size prefix (the default) a frame is a 4-byte big-endian length and that many bytes; a frame larger
 * than {@code maxFrameSize} fails with {@link TooLongFrameException} before it is buffered. Without the prefix a
 * command is decoded once all its bytes have arrived (decoding is retried as bytes come in). Errors are reported up
 * the pipeline ({@code exceptionCaught}) once: after a failure the stream is out of step and every further byte is
 * discarded. The handler decides what to do. Not thread safe: the connection's event loop only.
 */
final class OpenWireFrameDecoder extends ByteToMessageDecoder {

    private final OpenWireFormat wireFormat;
    private final int maxFrameSize;
    private boolean failed;

    OpenWireFrameDecoder(OpenWireFormat wireFormat, int maxFrameSize) {
        this.wireFormat = wireFormat;
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (Exception e) {
            // the stream is out of step: report once, then discard whatever else arrives
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) throws Exception {
        if (wireFormat.isSizePrefixDisabled()) {
            decodeUnprefixed(in, out);
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameSize) {
            in.skipBytes(in.readableBytes());
            throw new TooLongFrameException("OpenWire frame of " + (size & 0xffffffffL) + " bytes, the limit is "
                    + maxFrameSize);
        }
        if (in.readableBytes() < 4 + size) {
            return;
        }
        ByteBuf frame = in.readSlice(4 + size);
        try (DataInputStream data = new DataInputStream(new ByteBufInputStream(frame))) {
            out.add(wireFormat.unmarshal(data));
        }
    }

    private void decodeUnprefixed(ByteBuf in, List<Object> out) throws Exception {
        int start = in.readerIndex();
        try (DataInputStream data = new DataInputStream(new ByteBufInputStream(in))) {
            Object command = wireFormat.unmarshal(data);
            out.add(command);
        } catch (EOFException incomplete) {
            in.readerIndex(start);
            if (in.readableBytes() > maxFrameSize) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("OpenWire command over " + maxFrameSize + " bytes");
            }
        }
    }
}
