package io.ferrymq.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.Detection;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class MqttProtocolFactoryTest {

    private final MqttProtocolFactory factory = new MqttProtocolFactory();

    private Detection detect(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return factory.detect(Unpooled.wrappedBuffer(b));
    }

    @Test
    void detectsConnectOfEveryLevel() {
        assertThat(detect(0x10, 0x0c, 0, 4, 'M', 'Q', 'T', 'T', 4)).isEqualTo(Detection.MATCH);
        assertThat(detect(0x10, 0x0e, 0, 6, 'M', 'Q', 'I', 's', 'd', 'p', 3)).isEqualTo(Detection.MATCH);
        assertThat(detect(0x10, 0x80, 0x01, 0, 4, 'M', 'Q', 'T', 'T')).isEqualTo(Detection.MATCH);
    }

    @Test
    void needsMoreWhileAPrefix() {
        assertThat(detect()).isEqualTo(Detection.NEED_MORE);
        assertThat(detect(0x10)).isEqualTo(Detection.NEED_MORE);
        assertThat(detect(0x10, 0x0c, 0, 4, 'M', 'Q')).isEqualTo(Detection.NEED_MORE);
        assertThat(detect(0x10, 0x0c, 0, 6, 'M', 'Q', 'I')).isEqualTo(Detection.NEED_MORE);
    }

    @Test
    void rejectsOtherProtocols() {
        assertThat(detect('A', 'M', 'Q', 'P')).isEqualTo(Detection.NO_MATCH);
        assertThat(detect(0x10, 0x0c, 0, 4, 'M', 'X')).isEqualTo(Detection.NO_MATCH);
        assertThat(detect('C', 'O', 'N', 'N')).isEqualTo(Detection.NO_MATCH);
    }
}
