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
    void messagesOverTheSizeLimitEndTheProducerLink() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(TransportLimits.defaults().withMaxFrameSize(16384), true);
                ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD)) {
            c.open();
            org.apache.qpid.proton.engine.Session s = c.connection.session();
            s.open();
            org.apache.qpid.proton.engine.Sender sender = s.sender("big");
            org.apache.qpid.proton.amqp.messaging.Target t = new org.apache.qpid.proton.amqp.messaging.Target();
            t.setAddress("limits.big");
            sender.setTarget(t);
            sender.setSource(new org.apache.qpid.proton.amqp.messaging.Source());
            sender.open();
            c.pumpUntil(() -> sender.getCredit() > 0);
            assertThat(sender.getRemoteMaxMessageSize().longValue()).isEqualTo(16384);

            org.apache.qpid.proton.engine.Delivery small = sender.delivery(new byte[] {1});
            byte[] ok = ProtonClient.encode(ProtonClient.text(null, "x".repeat(1000)));
            sender.send(ok, 0, ok.length);
            sender.advance();
            c.pumpUntil(small::remotelySettled);

            sender.delivery(new byte[] {2});
            byte[] big = ProtonClient.encode(ProtonClient.text(null, "x".repeat(50_000)));
            sender.send(big, 0, big.length);
            sender.advance();
            c.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat(sender.getRemoteCondition().getCondition().toString())
                    .isEqualTo("amqp:link:message-size-exceeded");
            assertThat(c.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
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
