package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.Detection;
import io.ferrymq.transport.ProtocolFactory;
import io.ferrymq.transport.ProtocolRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AmqpProtocolFactoryTest {

    private final AmqpProtocolFactory factory = new AmqpProtocolFactory();

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    @Test
    void detectsBothAmqpAndSaslHeadersAndWaitsWhileShort() {
        for (byte[] header : new byte[][] {SASL_HEADER, AMQP_HEADER}) {
            for (int n = 0; n < header.length; n++) {
                ByteBuf prefix = Unpooled.wrappedBuffer(header, 0, n);
                assertThat(factory.detect(prefix)).as("%d bytes", n).isEqualTo(Detection.NEED_MORE);
                assertThat(prefix.readerIndex()).isZero();
            }
            ByteBuf whole = Unpooled.wrappedBuffer(header);
            assertThat(factory.detect(whole)).isEqualTo(Detection.MATCH);
            assertThat(whole.readerIndex()).isZero();
        }
    }

    @Test
    void otherProtocolsAndOtherAmqpVersionsDoNotMatch() {
        // AMQP 0-9-1 (RabbitMQ's classic protocol) and the TLS protocol id 2 are not ours
        assertThat(factory.detect(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1})))
                .isEqualTo(Detection.NO_MATCH);
        assertThat(factory.detect(Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 2, 1, 0, 0})))
                .isEqualTo(Detection.NO_MATCH);
        assertThat(factory.detect(Unpooled.wrappedBuffer("CONNECT\naccept-version:1.2\n\n".getBytes(
                StandardCharsets.US_ASCII)))).isEqualTo(Detection.NO_MATCH);
        byte[] mqtt = {0x10, 0x0c, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 0};
        assertThat(factory.detect(Unpooled.wrappedBuffer(mqtt))).isEqualTo(Detection.NO_MATCH);
    }

    @Test
    void registeredUnderItsNameAndPort() {
        ProtocolFactory loaded = ProtocolRegistry.load().get("amqp");
        assertThat(loaded).isInstanceOf(AmqpProtocolFactory.class);
        assertThat(factory.name()).isEqualTo("amqp");
        assertThat(factory.defaultPort()).isEqualTo(5672);
    }
}
