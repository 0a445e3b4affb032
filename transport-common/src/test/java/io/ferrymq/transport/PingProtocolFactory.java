package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A fake line protocol opened by "PING": answers every "PING" line with a "PONG" line. */
public final class PingProtocolFactory implements ProtocolFactory {

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public int defaultPort() {
        return 7001;
    }

    @Override
    public Detection detect(ByteBuf firstBytes) {
        return PrefixDetection.detect(firstBytes, "PING");
    }

    @Override
    public Set<String> webSocketSubprotocols() {
        return Set.of("ping");
    }

    @Override
    public void install(ChannelPipeline pipeline, ProtocolContext context) {
        pipeline.addLast("ping-frames", new LineBasedFrameDecoder(context.limits().maxFrameSize()));
        pipeline.addLast("ping-decoder", new StringDecoder(StandardCharsets.US_ASCII));
        pipeline.addLast("ping-encoder", new StringEncoder(StandardCharsets.US_ASCII));
        pipeline.addLast("ping-handler", new SimpleChannelInboundHandler<String>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, String line) {
                context.handshakeDone(ctx.channel());
                if (line.equals("PING")) {
                    ctx.writeAndFlush("PONG\n");
                }
            }
        });
    }
}
