package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.TransportLimits;
import java.nio.ByteBuffer;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sasl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits the listener applies: idle timeout, max frame size, and anonymous access when the guest is disabled. */
@Timeout(60)
class LimitsIT {

    @Test
    void silentClientIsClosedWhenTheBrokersIdleTimeoutExpires() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(TransportLimits.defaults().withIdleTimeoutMillis(300), true);
                ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD)) {
            c.open();
            // Proton advertises half its timeout, so that peers send empty frames in time
            assertThat(c.transport.getRemoteIdleTimeout()).isPositive().isLessThanOrEqualTo(300);
            c.silent = true;
            c.pumpUntil(() -> c.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat(c.connection.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:resource-limit-exceeded");
        }
    }

    @Test
    void maxFrameSizeIsAdvertisedAndEnforced() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(TransportLimits.defaults().withMaxFrameSize(16384), true);
                ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD)) {
            c.open();
            assertThat(c.transport.getRemoteMaxFrameSize()).isEqualTo(16384);
            ByteBuffer oversized = ByteBuffer.allocate(8).putInt(20000).put((byte) 2).put((byte) 0).putShort((short) 0);
            c.writeRaw(oversized.array());
            c.pumpUntil(() -> c.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat(c.connection.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:connection:framing-error");
        }
    }

    @Test
    void anonymousIsRefusedWhenTheGuestIsDisabled() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(TransportLimits.defaults(), false);
                ProtonClient c = new ProtonClient(broker.port(), null, null)) {
            c.connection.open();
            Sasl sasl = c.transport.sasl();
            c.pumpUntil(() -> sasl.getOutcome() != Sasl.PN_SASL_NONE);
            assertThat(sasl.getOutcome()).isEqualTo(Sasl.PN_SASL_AUTH);
        }
    }
}
