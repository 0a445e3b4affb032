package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void limitsHaveDocumentedDefaults() {
        TransportLimits limits = TransportLimits.defaults();

        assertThat(limits.maxConnections()).isEqualTo(TransportLimits.UNLIMITED);
        assertThat(limits.limitsConnections()).isFalse();
        assertThat(limits.maxFrameSize()).isEqualTo(10 * 1024 * 1024);
        assertThat(limits.connectTimeoutMillis()).isEqualTo(10_000);
        assertThat(limits.idleTimeoutMillis()).isEqualTo(60_000);
        assertThat(limits.writeBufferLowWaterMark()).isEqualTo(32 * 1024);
        assertThat(limits.writeBufferHighWaterMark()).isEqualTo(64 * 1024);
    }

    @Test
    void invalidLimitsAreRefused() {
        TransportLimits limits = TransportLimits.defaults();

        assertThatThrownBy(() -> limits.withMaxConnections(0)).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> limits.withMaxFrameSize(0)).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> limits.withConnectTimeoutMillis(-1)).hasMessageContaining("connectTimeoutMillis");
        assertThatThrownBy(() -> limits.withIdleTimeoutMillis(-1)).hasMessageContaining("idleTimeoutMillis");
        assertThatThrownBy(() -> limits.withWriteBufferWaterMarks(10, 5)).hasMessageContaining("water marks");
        assertThat(limits.withMaxConnections(5).limitsConnections()).isTrue();
    }

    @Test
    void listenerOptionsAreValidated() {
        assertThat(ListenerOptions.auto("main", "0.0.0.0", 61616, List.of("mqtt")).isAuto()).isTrue();
        assertThat(ListenerOptions.fixed("mqtt", "0.0.0.0", 1883, "mqtt").isAuto()).isFalse();

        assertThatThrownBy(() -> ListenerOptions.fixed("mqtt", "0.0.0.0", 1883, "mqtt").allowedProtocols().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new ListenerOptions("mqtt", "0.0.0.0", 1883, "mqtt", List.of("amqp")))
                .hasMessageContaining("apply only to protocol 'auto'");
        assertThatThrownBy(() -> ListenerOptions.fixed("mqtt", "0.0.0.0", 65536, "mqtt"))
                .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> ListenerOptions.fixed(" ", "0.0.0.0", 1, "mqtt")).hasMessageContaining("name");
        assertThatThrownBy(() -> ListenerOptions.auto("main", "0.0.0.0", 1, List.of("mqtt", "mqtt")))
                .hasMessageContaining("duplicate");
    }

    @Test
    void theCounterEnforcesItsLimit() {
        ConnectionCounter counter = new ConnectionCounter(2);

        assertThat(counter.tryAcquire()).isTrue();
        assertThat(counter.tryAcquire()).isTrue();
        assertThat(counter.tryAcquire()).isFalse();
        counter.release();
        assertThat(counter.tryAcquire()).isTrue();
        assertThat(counter.current()).isEqualTo(2);

        ConnectionCounter unlimited = new ConnectionCounter(TransportLimits.UNLIMITED);
        for (int i = 0; i < 1000; i++) {
            assertThat(unlimited.tryAcquire()).isTrue();
        }
    }
}
