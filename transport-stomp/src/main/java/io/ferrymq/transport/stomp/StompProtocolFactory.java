package io.ferrymq.transport.stomp;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.transport.Detection;
import io.ferrymq.transport.ProtocolContext;
import io.ferrymq.transport.ProtocolFactory;
import io.ferrymq.transport.stomp.bridge.EngineFrameProcessor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * STOMP 1.0, 1.1 and 1.2 (port 61613; detected on shared ports by its opening CONNECT or STOMP frame). Stateless;
 * one instance serves every connection.
 */
public final class StompProtocolFactory implements ProtocolFactory {

    /** Handler names in the pipeline. */
    static final String DECODER = "stomp-decoder";
    static final String FLUSH = "stomp-flush";
    static final String ENCODER = "stomp-encoder";
    static final String HANDLER = "stomp-handler";

    private static final byte[][] OPENINGS = {
        "CONNECT".getBytes(StandardCharsets.US_ASCII), "STOMP".getBytes(StandardCharsets.US_ASCII)};

    @Override
    public String name() {
        return "stomp";
    }

    @Override
    public int defaultPort() {
        return 61613;
    }

    @Override
    public Set<String> webSocketSubprotocols() {
        return Set.of("v10.stomp", "v11.stomp", "v12.stomp", "stomp");
    }

    /**
     * A CONNECT or STOMP command line (STOMP 1.2 "Connecting"), possibly after end-of-lines, ended by LF or CR LF.
     */
    @Override
    public Detection detect(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        while (start < end && (in.getByte(start) == '\n' || in.getByte(start) == '\r')) {
            start++;
        }
        if (start == end) {
            return in.readableBytes() >= MAX_DETECTION_BYTES ? Detection.NO_MATCH : Detection.NEED_MORE;
        }
        boolean prefix = false;
        for (byte[] opening : OPENINGS) {
            int n = Math.min(end - start, opening.length);
            boolean same = true;
            for (int k = 0; k < n && same; k++) {
                same = in.getByte(start + k) == opening[k];
            }
            if (!same) {
                continue;
            }
            if (n < opening.length || start + n == end) {
                prefix = true;
                continue;
            }
            byte next = in.getByte(start + n);
            if (next == '\n' || next == '\r') {
                return Detection.MATCH;
            }
        }
        return prefix ? Detection.NEED_MORE : Detection.NO_MATCH;
    }

    @Override
    public void install(ChannelPipeline pipeline, ProtocolContext context) {
        StompOptions options = context.findService(StompOptions.class).orElse(StompOptions.DEFAULTS);
        Engine engine = context.service(Engine.class);
        StompFrameEncoder encoder = new StompFrameEncoder();
        pipeline.addLast(DECODER, new StompFrameDecoder(context.limits().maxFrameSize(), options.maxHeaders(),
                options.maxHeaderLength()));
        // one flush per read batch instead of one per frame (deliveries and receipts written while reading)
        pipeline.addLast(FLUSH, new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        pipeline.addLast(ENCODER, encoder);
        pipeline.addLast(HANDLER, new StompServerHandler(channel -> new EngineFrameProcessor(engine, channel, options),
                encoder, options.heartBeatGrace()));
    }
}
