package io.ferrymq.transport.openwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.Detection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.activemq.command.WireFormatInfo;
import org.apache.activemq.openwire.OpenWireFormat;
import org.apache.activemq.util.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class OpenWireProtocolFactoryTest {

    private final OpenWireProtocolFactory factory = new OpenWireProtocolFactory();

    /** What activemq-client sends first: its WireFormatInfo, loose encoding, size prefixed. */
    private static byte[] clientOpening() throws Exception {
        OpenWireFormat format = new OpenWireFormat();
        WireFormatInfo info = new WireFormatInfo();
        info.setVersion(OpenWireFormat.DEFAULT_WIRE_VERSION);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            format.marshal(info, out);
        }
        return bytes.toByteArray();
    }

    @Test
    void detectsTheClientWireFormatInfoAndWaitsWhileShort() throws Exception {
        byte[] opening = clientOpening();
        for (int n = 0; n < 13; n++) {
            ByteBuf prefix = Unpooled.wrappedBuffer(opening, 0, n);
            assertThat(factory.detect(prefix)).as("%d bytes", n).isEqualTo(Detection.NEED_MORE);
            assertThat(prefix.readerIndex()).isZero();
        }
        assertThat(factory.detect(Unpooled.wrappedBuffer(opening))).isEqualTo(Detection.MATCH);
    }

    @Test
    void otherProtocolsDoNotMatch() {
        assertThat(factory.detect(Unpooled.wrappedBuffer("AMQP\0\1\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(Detection.NO_MATCH);
        assertThat(factory.detect(Unpooled.wrappedBuffer("CONNECT\naccept-version:1.2\n\n".getBytes(
                StandardCharsets.US_ASCII)))).isEqualTo(Detection.NO_MATCH);
        byte[] mqtt = {0x10, 0x0c, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 0};
        assertThat(factory.detect(Unpooled.wrappedBuffer(mqtt))).isEqualTo(Detection.NO_MATCH);
    }

    @Test
    void nameAndPort() {
        assertThat(factory.name()).isEqualTo("openwire");
        assertThat(factory.defaultPort()).isEqualTo(61616);
    }
}
