package io.ferrymq.transport.mqtt;

import io.ferrymq.addressing.api.Engine;
import io.ferrymq.transport.Detection;
import io.ferrymq.transport.ProtocolContext;
import io.ferrymq.transport.ProtocolFactory;
import io.ferrymq.transport.TlsPeer;
import io.ferrymq.transport.mqtt.bridge.EngineBroker;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.util.Set;

/**
 * MQTT 3.1, 3.1.1 and 5.0 (port 1883; detected on shared ports by its CONNECT packet). Stateless; one instance
 * serves every connection.
 */
public final class MqttProtocolFactory implements ProtocolFactory {

    /** Handler names in the pipeline. */
    static final String DECODER = "mqtt-decoder";
    static final String ENCODER = "mqtt-encoder";
    static final String IDLE = "mqtt-keepalive";
    static final String HANDLER = "mqtt-handler";

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public int defaultPort() {
        return 1883;
    }

    @Override
    public Set<String> webSocketSubprotocols() {
        return Set.of("mqtt", "mqttv3.1");
    }

    /**
     * A CONNECT packet: type byte 0x10 (3.1.1 §2.2.1), a remaining length of 1-4 bytes (§2.2.3), then the protocol
     * name as a UTF-8 string: "MQTT" (3.1.1 §3.1.2.1, 5.0 §3.1.2.1) or "MQIsdp" (3.1).
     */
    @Override
    public Detection detect(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 1) {
            return Detection.NEED_MORE;
        }
        if ((in.getByte(start) & 0xff) != 0x10) {
            return Detection.NO_MATCH;
        }
        int i = 1;
        while (true) {
            if (i >= readable) {
                return Detection.NEED_MORE;
            }
            if (i > 4) {
                return Detection.NO_MATCH;
            }
            if ((in.getByte(start + i++) & 0x80) == 0) {
                break;
            }
        }
        return matchName(in, start + i, readable - i);
    }

    private static Detection matchName(ByteBuf in, int at, int available) {
        String[] names = {"MQTT", "MQIsdp"};
        boolean prefix = false;
        for (String name : names) {
            byte[] expected = new byte[name.length() + 2];
            expected[1] = (byte) name.length();
            for (int k = 0; k < name.length(); k++) {
                expected[k + 2] = (byte) name.charAt(k);
            }
            int n = Math.min(available, expected.length);
            boolean same = true;
            for (int k = 0; k < n && same; k++) {
                same = in.getByte(at + k) == expected[k];
            }
            if (same && n == expected.length) {
                return Detection.MATCH;
            }
            prefix |= same;
        }
        return prefix ? Detection.NEED_MORE : Detection.NO_MATCH;
    }

    @Override
    public void install(ChannelPipeline pipeline, ProtocolContext context) {
        MqttOptions options = context.findService(MqttOptions.class).orElse(MqttOptions.DEFAULTS);
        int maxPacket = Math.min(options.maxPacketSize(), context.limits().maxFrameSize());
        Channel channel = pipeline.channel();
        Broker broker = new EngineBroker(context.service(Engine.class),
                () -> TlsPeer.subject(channel).orElse(null));
        pipeline.addLast(DECODER, new MqttDecoder(maxPacket, 65535));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(HANDLER, new MqttServerHandler(broker, options, maxPacket));
    }
}
