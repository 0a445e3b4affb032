package io.ferrymq.transport.openwire;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.transport.Detection;
import io.ferrymq.transport.ProtocolContext;
import io.ferrymq.transport.ProtocolFactory;
import io.ferrymq.transport.openwire.bridge.EngineCommandProcessor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.activemq.command.WireFormatInfo;
import org.apache.activemq.openwire.OpenWireFormat;
import org.apache.activemq.openwire.OpenWireFormatFactory;

/**
 * ActiveMQ OpenWire (port 61616; detected on shared ports by the client's opening WireFormatInfo). Stateless; one
 * instance serves every connection.
 */
public final class OpenWireProtocolFactory implements ProtocolFactory {

    static final String DECODER = "openwire-decoder";
    static final String ENCODER = "openwire-encoder";
    static final String HANDLER = "openwire-handler";

    /** The inactivity duration the broker offers (ActiveMQ's default); the lesser of both sides applies. */
    static final long MAX_INACTIVITY_DURATION_MILLIS = 30_000;
    static final String BROKER_NAME = "ferrymq";

    private static final byte[] MAGIC = "ActiveMQ".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "openwire";
    }

    @Override
    public int defaultPort() {
        return 61616;
    }

    /**
     * OpenWire over WebSocket, as binary frames: no reference broker offers it and the ActiveMQ clients have no
     * such transport, so the name is ours.
     */
    @Override
    public Set<String> webSocketSubprotocols() {
        return Set.of("openwire");
    }

    /**
     * A WireFormatInfo: a 4-byte size prefix, the data type 1 ({@link WireFormatInfo#DATA_STRUCTURE_TYPE}) and the
     * magic "ActiveMQ"; also accepted without the size prefix.
     */
    @Override
    public Detection detect(ByteBuf in) {
        Detection prefixed = match(in, 4);
        if (prefixed != Detection.NO_MATCH) {
            return prefixed;
        }
        return match(in, 0);
    }

    private static Detection match(ByteBuf in, int typeAt) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        for (int i = typeAt; i < typeAt + 1 + MAGIC.length; i++) {
            if (i >= readable) {
                return Detection.NEED_MORE;
            }
            byte expected = i == typeAt ? WireFormatInfo.DATA_STRUCTURE_TYPE : MAGIC[i - typeAt - 1];
            if (in.getByte(start + i) != expected) {
                return Detection.NO_MATCH;
            }
        }
        return Detection.MATCH;
    }

    @Override
    public void install(ChannelPipeline pipeline, ProtocolContext context) {
        Engine engine = context.service(Engine.class);
        OpenWireOptions options = context.findService(OpenWireOptions.class).orElse(OpenWireOptions.DEFAULTS);
        int maxFrameSize = context.limits().maxFrameSize();
        OpenWireFormat wireFormat = newWireFormat(maxFrameSize);
        pipeline.addLast(DECODER, new OpenWireFrameDecoder(wireFormat, maxFrameSize));
        pipeline.addLast(ENCODER, new OpenWireFrameEncoder(wireFormat));
        pipeline.addLast(HANDLER, new OpenWireServerHandler(wireFormat,
                channel -> new EngineCommandProcessor(engine, channel, options), BROKER_NAME));
    }

    /** The broker's side of the negotiation: everything ActiveMQ offers, the client may turn options off. */
    static OpenWireFormat newWireFormat(int maxFrameSize) {
        OpenWireFormatFactory factory = new OpenWireFormatFactory();
        factory.setVersion(OpenWireFormat.DEFAULT_WIRE_VERSION);
        factory.setTightEncodingEnabled(true);
        factory.setCacheEnabled(true);
        factory.setSizePrefixDisabled(false);
        factory.setStackTraceEnabled(true);
        factory.setMaxInactivityDuration(MAX_INACTIVITY_DURATION_MILLIS);
        factory.setMaxFrameSize(maxFrameSize);
        factory.setProviderName("FerryMQ");
        factory.setIncludePlatformDetails(false);
        return (OpenWireFormat) factory.createWireFormat();
    }
}
