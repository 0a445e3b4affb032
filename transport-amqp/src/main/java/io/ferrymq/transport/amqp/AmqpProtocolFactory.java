package io.ferrymq.transport.amqp;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.transport.Detection;
import io.ferrymq.transport.ProtocolContext;
import io.ferrymq.transport.ProtocolFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import java.util.Set;

/**
 * AMQP 1.0 (port 5672; detected on shared ports by its protocol header). Stateless; one instance serves every
 * connection.
 */
public final class AmqpProtocolFactory implements ProtocolFactory {

    static final String HANDLER = "amqp-handler";

    /** The protocol header "AMQP" id major minor revision (AMQP 1.0 §2.2); id 0 is AMQP, 3 is SASL. */
    private static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private static final int PROTOCOL_ID_AT = 4;

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public int defaultPort() {
        return 5672;
    }

    @Override
    public Set<String> webSocketSubprotocols() {
        return Set.of("amqp");
    }

    /** The 8-byte AMQP 1.0 header with protocol id 0 (AMQP) or 3 (SASL); AMQP 0-x headers do not match. */
    @Override
    public Detection detect(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        for (int i = 0; i < HEADER.length; i++) {
            if (i >= readable) {
                return Detection.NEED_MORE;
            }
            byte b = in.getByte(start + i);
            boolean ok = i == PROTOCOL_ID_AT ? b == 0 || b == 3 : b == HEADER[i];
            if (!ok) {
                return Detection.NO_MATCH;
            }
        }
        return Detection.MATCH;
    }

    @Override
    public void install(ChannelPipeline pipeline, ProtocolContext context) {
        Engine engine = context.service(Engine.class);
        pipeline.addLast(HANDLER, new AmqpConnectionHandler(engine, context));
    }
}
