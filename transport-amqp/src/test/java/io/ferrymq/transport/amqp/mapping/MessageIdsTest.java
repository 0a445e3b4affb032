package io.ferrymq.transport.amqp.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.qpid.jms.provider.amqp.message.AmqpMessageIdHelper;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.junit.jupiter.api.Test;

/** The id strings agree with Qpid JMS's own AmqpMessageIdHelper, both ways. */
class MessageIdsTest {

    private static final UUID ID = UUID.fromString("6f1e0c3a-3d5a-4a8e-9d0b-3c8f2d8b7e11");

    @Test
    void messageIdStringsAreQpidJmssJmsMessageIds() {
        Object[] ids = {"ID:a", "b", "ID:AMQP_ULONG:1", "ID:AMQP_NO_PREFIX:x", ID, UnsignedLong.valueOf(99),
            new Binary(new byte[] {0, 1, (byte) 0xAB}), new Binary(new byte[0])};
        for (Object id : ids) {
            assertThat(MessageIds.messageIdString(id)).as("%s", id)
                    .isEqualTo(AmqpMessageIdHelper.toMessageIdString(id));
        }
    }

    @Test
    void correlationIdStringsAreQpidJmssJmsCorrelationIds() {
        for (String id : new String[] {"ID:a", "b", "ID:AMQP_UUID:" + ID, "AMQP_UUID:x"}) {
            assertThat(MessageIds.correlationIdString(id)).isEqualTo(AmqpMessageIdHelper.toCorrelationIdString(id));
        }
    }

    @Test
    void jmsIdStringsGoBackToTheAmqpValueQpidJmsWouldSend() throws Exception {
        String[] ids = {"ID:a", "b", "ID:AMQP_ULONG:1", "ID:AMQP_NO_PREFIX:x", "ID:AMQP_UUID:" + ID,
            "ID:AMQP_BINARY:00ABff", "ID:AMQP_STRING:ID:AMQP_UUID:y", "ID:AMQP_OTHER:z"};
        for (String id : ids) {
            assertThat(MessageIds.toAmqp(id)).as(id).isEqualTo(AmqpMessageIdHelper.toIdObject(id));
        }
    }

    @Test
    void badlyEncodedIdsStayStrings() {
        assertThat(MessageIds.toAmqp("ID:AMQP_UUID:not-a-uuid")).isEqualTo("ID:AMQP_UUID:not-a-uuid");
        assertThat(MessageIds.toAmqp("ID:AMQP_ULONG:-1")).isEqualTo("ID:AMQP_ULONG:-1");
        assertThat(MessageIds.toAmqp("ID:AMQP_BINARY:XYZ")).isEqualTo("ID:AMQP_BINARY:XYZ");
    }
}
