package io.ferrymq.transport.amqp.mapping;

import static io.ferrymq.transport.amqp.mapping.MapperSupport.NOW;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.decodeMessage;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.encode;
import static io.ferrymq.transport.amqp.mapping.MapperSupport.proton;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.qpid.proton.amqp.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine message, to AMQP, to engine message: every field an AMQP consumer receives comes back the same when an
 * AMQP client sends the message on (a bridge, a shovel, a request-reply service that forwards).
 */
class EngineRoundTripTest {

    static Stream<Body> bodies() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "x");
        map.put("c", 'c');
        map.put("u", UUID.randomUUID());
        map.put("n", null);
        map.put("sh", (short) 1);
        map.put("by", (byte) 2);
        map.put("f", 1.5f);
        List<Object> list = new ArrayList<>(List.of("a", 1, 2L, true, 3.5d, 'q', (short) 4, (byte) 5));
        list.add(null);
        return Stream.of(
                Body.EMPTY,
                Body.text(""),
                Body.text("some text ✓"),
                Body.bytes(new byte[0]),
                Body.bytes(new byte[] {1, 2, 3}),
                Body.bytes(new byte[300]),
                Body.map(Map.of()),
                Body.map(map),
                Body.list(List.of()),
                Body.list(list),
                Body.object(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 0x74, 0, 1, 'x'}));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void everyBodyKind(Body body) throws Exception {
        Message m = Message.builder().address("a").body(body).build();

        Message back = decodeMessage(encode(m));

        if (body.kind() == Body.Kind.MAP || body.kind() == Body.Kind.LIST) {
            assertThat(back.body().toString()).isEqualTo(body.toString()); // records with byte[]-free content
        } else {
            assertThat(back.body()).isEqualTo(body);
        }
    }

    @Test
    void everyHeaderAndProperty() throws Exception {
        UUID uuid = UUID.randomUUID();
        Message m = Message.builder()
                .messageId("ID:broker-1:5")
                .address("orders")
                .routingType(RoutingType.MULTICAST)
                .durable(true)
                .priority(0)
                .timestamp(NOW - 100)
                .expiration(NOW + 1_000)
                .deliveryTime(NOW + 500)
                .correlationId(uuid)
                .replyTo(new Destination("replies", Destination.Kind.TEMPORARY_TOPIC))
                .type("type")
                .userId("ünïcode user")
                .groupId("g")
                .groupSequence(-1)
                .contentType("text/plain; charset=utf-8")
                .property("string", "s")
                .property("int", 1)
                .property("long", 2L)
                .property("short", (short) 3)
                .property("byte", (byte) 4)
                .property("float", 5.5f)
                .property("double", 6.5d)
                .property("boolean", false)
                .property("char", 'z')
                .property("uuid", uuid)
                .property("bytes", new byte[] {7})
                .annotation("x-opt-custom", "kept")
                .annotation(JmsMapping.CONTENT_ENCODING, "identity")
                .annotation(JmsMapping.REPLY_TO_GROUP_ID, "rg")
                .body(Body.text("t"))
                .build();

        Message back = decodeMessage(encode(m, 3));

        assertThat(back.messageId()).isEqualTo(m.messageId());
        assertThat(back.address()).isEqualTo(m.address());
        assertThat(back.routingType()).isEqualTo(m.routingType());
        assertThat(back.durable()).isTrue();
        assertThat(back.priority()).isZero();
        assertThat(back.timestamp()).isEqualTo(m.timestamp());
        assertThat(back.expiration()).isEqualTo(m.expiration());
        assertThat(back.deliveryTime()).isEqualTo(m.deliveryTime());
        assertThat(back.correlationId()).isEqualTo(uuid);
        assertThat(back.replyTo()).isEqualTo(m.replyTo());
        assertThat(back.type()).isEqualTo("type");
        assertThat(back.userId()).isEqualTo("ünïcode user");
        assertThat(back.groupId()).isEqualTo("g");
        assertThat(back.groupSequence()).isEqualTo(-1);
        assertThat(back.contentType()).isEqualTo(m.contentType());
        assertThat(back.properties()).hasSameSizeAs(m.properties());
        m.properties().forEach((k, v) -> {
            if (v instanceof byte[] bytes) {
                assertThat((byte[]) back.property(k)).as(k).containsExactly(bytes);
            } else {
                assertThat(back.property(k)).as(k).isEqualTo(v);
            }
        });
        assertThat(back.annotations()).isEqualTo(m.annotations());
        assertThat(back.body()).isEqualTo(m.body());
    }

    @Test
    void correlationIdsOfEveryEngineType() throws Exception {
        for (Object id : new Object[] {"plain", "ID:x", 5L, UUID.randomUUID()}) {
            Message m = Message.builder().address("a").correlationId(id).build();
            assertThat(decodeMessage(encode(m)).correlationId()).as("%s", id).isEqualTo(id);
        }
        Message bytes = Message.builder().address("a").correlationId(new byte[] {1}).build();
        assertThat((byte[]) decodeMessage(encode(bytes)).correlationId()).containsExactly(1);
    }

    @Test
    void otherProtocolsAnnotationsStayInsideTheBroker() throws Exception {
        Message m = Message.builder().address("a").annotation("mqtt.qos", 1).annotation("mqtt.retain", true)
                .annotation("x-opt-keep", 1).build();

        Map<Symbol, Object> sent = proton(encode(m)).getMessageAnnotations().getValue();

        assertThat(sent).containsOnlyKeys(JmsMapping.JMS_MSG_TYPE, Symbol.valueOf("x-opt-keep"));
    }

    @Test
    void minimalMessageIsSmall() {
        ByteBuffer bytes = encode(Message.builder().address("q").body(Body.text("hi")).build());

        // message annotations (msg type), properties (to), amqp-value: no header, no application properties
        assertThat(bytes.remaining()).isLessThan(64);
        assertThat(proton(bytes).getHeader()).isNull();
        assertThat(proton(bytes).getApplicationProperties()).isNull();
    }
}
