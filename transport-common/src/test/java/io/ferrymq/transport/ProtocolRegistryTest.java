package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolRegistryTest {

    @Test
    void loadsTheRegisteredFactoriesOrderedByName() {
        ProtocolRegistry registry = ProtocolRegistry.load();

        assertThat(registry.names()).containsExactly("echo", "ping");
        assertThat(registry.get("ping")).isInstanceOf(PingProtocolFactory.class);
        assertThat(registry.find("mqtt")).isEmpty();
        assertThat(registry.get("ping").webSocketSubprotocols()).containsExactly("ping");
        assertThat(registry.get("echo").webSocketSubprotocols()).containsExactlyInAnyOrder("echo", "echo.v2");
    }

    @Test
    void anUnknownNameListsTheRegisteredOnes() {
        ProtocolRegistry registry = ProtocolRegistry.of(List.of(new PingProtocolFactory()));

        assertThatThrownBy(() -> registry.get("amqp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown protocol 'amqp'; registered: [ping]");
    }

    @Test
    void twoFactoriesWithOneNameAreRefused() {
        assertThatThrownBy(() -> ProtocolRegistry.of(List.of(new PingProtocolFactory(), new PingProtocolFactory())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Two protocol factories are named 'ping'");
    }
}
