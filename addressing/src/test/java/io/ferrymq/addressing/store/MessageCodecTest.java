package io.ferrymq.addressing.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void everyFieldAndPropertyTypeRoundTrips() {
        Message m = Message.builder()
                .messageId("ID:1")
                .address("orders")
                .routingType(RoutingType.ANYCAST)
                .durable(true)
                .priority(7)
                .timestamp(123)
                .expiration(456)
                .deliveryTime(789)
                .correlationId(new byte[] {1, 2})
                .replyTo(Destination.queue("replies"))
                .type("t")
                .userId("alice")
                .groupId("g")
                .groupSequence(3)
                .contentType("text/plain")
                .property("b", true)
                .property("y", (byte) 1)
                .property("s", (short) 2)
                .property("i", 3)
                .property("l", 4L)
                .property("f", 1.5f)
                .property("d", 2.5d)
                .property("c", 'x')
                .property("str", "v")
                .property("bytes", new byte[] {9})
                .property("uuid", UUID.randomUUID())
                .body(Body.map(Map.of("k", 1, "s", "v")))
                .build();
        Message back = MessageCodec.decode(MessageCodec.encode(m));
        assertThat(back.address()).isEqualTo("orders");
        assertThat(back.routingType()).isEqualTo(RoutingType.ANYCAST);
        assertThat(back.priority()).isEqualTo(7);
        assertThat(back.expiration()).isEqualTo(456);
        assertThat(back.deliveryTime()).isEqualTo(789);
        assertThat((byte[]) back.correlationId()).containsExactly(1, 2);
        assertThat(back.replyTo()).isEqualTo(Destination.queue("replies"));
        assertThat(back.groupSequence()).isEqualTo(3);
        assertThat(back.properties()).hasSize(m.properties().size());
        assertThat(back.property("c")).isEqualTo('x');
        assertThat(back.property("f")).isEqualTo(1.5f);
        assertThat((byte[]) back.property("bytes")).containsExactly(9);
        assertThat(back.property("uuid")).isEqualTo(m.property("uuid"));
        assertThat(back.body()).isEqualTo(m.body());
    }

    @Test
    void bodiesRoundTrip() {
        for (Body b : List.of(Body.EMPTY, Body.text("héllo"), Body.bytes(new byte[] {0, 1, 2}),
                Body.list(List.of(1, "two")), Body.object(new byte[] {(byte) 0xac, (byte) 0xed}))) {
            Message m = Message.builder().address("a").body(b).build();
            assertThat(MessageCodec.decode(MessageCodec.encode(m)).body()).isEqualTo(b);
        }
    }
}
