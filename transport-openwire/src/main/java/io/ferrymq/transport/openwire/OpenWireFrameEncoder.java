package io.ferrymq.transport.openwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.DataOutputStream;
import org.apache.activemq.command.Command;
import org.apache.activemq.openwire.OpenWireFormat;

/**
 * OpenWire commands to bytes with the connection's {@link OpenWireFormat} (size prefix included when negotiated).
 * Not thread safe: the connection's event loop only.
 */
final class OpenWireFrameEncoder extends MessageToByteEncoder<Command> {

    private final OpenWireFormat wireFormat;

    OpenWireFrameEncoder(OpenWireFormat wireFormat) {
        super(Command.class);
        this.wireFormat = wireFormat;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Command command, ByteBuf out) throws Exception {
        try (DataOutputStream data = new DataOutputStream(new ByteBufOutputStream(out))) {
            wireFormat.marshal(command, data);
        }
    }
}
