package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A fake protocol opened by "ECHO": writes back every byte it receives. Remembers the channels it was installed on
 * in {@link #INSTALLED} so tests can reach the server side of a connection.
 */
public final class EchoProtocolFactory implements ProtocolFactory {

    static final BlockingQueue<Channel> INSTALLED = new LinkedBlockingQueue<>();

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public int defaultPort() {
        return 7002;
    }

    @Override
    public java.util.Set<String> webSocketSubprotocols() {
        return java.util.Set.of("echo", "echo.v2");
    }

    @Override
    public Detection detect(ByteBuf firstBytes) {
        return PrefixDetection.detect(firstBytes, "ECHO");
    }

    @Override
    public void install(ChannelPipeline pipeline, ProtocolContext context) {
        INSTALLED.add(pipeline.channel());
        pipeline.addLast("echo-handler", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                context.handshakeDone(ctx.channel());
                ctx.write(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                ctx.flush();
            }
        });
    }
}
