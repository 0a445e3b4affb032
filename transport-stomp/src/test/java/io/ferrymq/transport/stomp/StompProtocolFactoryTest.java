package io.ferrymq.transport.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.Detection;
import io.ferrymq.transport.ProtocolRegistry;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StompProtocolFactoryTest {

    private final StompProtocolFactory factory = new StompProtocolFactory();

    private Detection detect(String s) {
        return factory.detect(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    @Test
    void detectsConnectAndStompFrames() {
        assertThat(detect("CONNECT\naccept-version:1.2\n")).isEqualTo(Detection.MATCH);
        assertThat(detect("\r\nSTOMP\r\n")).isEqualTo(Detection.MATCH);
        assertThat(detect("CONN")).isEqualTo(Detection.NEED_MORE);
        assertThat(detect("CONNECT")).isEqualTo(Detection.NEED_MORE);
        assertThat(detect("CONNECTED\n")).isEqualTo(Detection.NO_MATCH);
        assertThat(detect("AMQP")).isEqualTo(Detection.NO_MATCH);
        assertThat(detect("GET / HTTP/1.1")).isEqualTo(Detection.NO_MATCH);
    }

    @Test
    void isRegisteredWithItsPortAndSubprotocols() {
        assertThat(ProtocolRegistry.load().get("stomp")).isInstanceOf(StompProtocolFactory.class);
        assertThat(factory.defaultPort()).isEqualTo(61613);
        assertThat(factory.webSocketSubprotocols()).containsExactlyInAnyOrder("v10.stomp", "v11.stomp", "v12.stomp",
                "stomp");
    }
}
