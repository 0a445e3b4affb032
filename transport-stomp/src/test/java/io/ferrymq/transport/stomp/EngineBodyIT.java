package io.ferrymq.transport.stomp;

import static io.ferrymq.transport.stomp.RawStompClient.frameWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.SubscriptionSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-protocol at the engine seam: what an engine consumer (any other protocol) sees of a STOMP SEND, and what a
 * STOMP subscriber sees of an engine message. The body kinds are the ones OpenWire maps onto JMS TextMessage
 * (TEXT) and BytesMessage (BYTES).
 */
class EngineBodyIT {

    private static EmbeddedBroker broker;
    private static EngineConnection engineClient;
    private static EngineSession session;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
        engineClient = broker.engine.open(ConnectRequest.anonymous("test", null), new TestSink())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        session = engineClient.createSession();
    }

    @AfterAll
    static void stop() {
        engineClient.close();
        broker.close();
    }

    private static BlockingQueue<Message> consume(String queue) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        Consumer consumer = session.subscribe(SubscriptionSpec.queue(queue).autoAccept(true).build(),
                new DeliverySink() {
                    @Override
                    public void deliver(Delivery delivery) {
                        received.add(delivery.message());
                    }
                }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        consumer.flow(100);
        return received;
    }

    private static Message next(BlockingQueue<Message> queue) throws InterruptedException {
        Message m = queue.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }

    @Test
    void stompSendsBecomeTextWithoutContentLengthAndBytesWithIt() throws Exception {
        BlockingQueue<Message> received = consume("cross.in");
        long before = System.currentTimeMillis();
        try (RawStompClient c = RawStompClient.connect12(broker.port())) {
            c.write(frameWithBody("SEND", "héllo", "destination:/queue/cross.in", "persistent:true", "priority:8",
                    "correlation-id:c-9", "reply-to:/queue/answers", "type:greeting", "content-type:text/plain",
                    "x-app:demo", "expires:4102444800000"));
            c.write("SEND\ndestination:/queue/cross.in\ncontent-length:4\n\n\0\1\2\0\0");
            c.write("SEND\ndestination:/queue/cross.in\ncontent-length:2\namq-msg-type:text\n\nok\0");
            c.write(frameWithBody("SEND", "ttl", "destination:/queue/cross.in", "expiration:60000"));
        }
        Message text = next(received);
        assertThat(text.body()).isEqualTo(Body.text("héllo"));
        assertThat(text.durable()).isTrue();
        assertThat(text.priority()).isEqualTo(8);
        assertThat(text.correlationId()).isEqualTo("c-9");
        assertThat(text.replyTo()).isEqualTo(Destination.queue("answers"));
        assertThat(text.type()).isEqualTo("greeting");
        assertThat(text.contentType()).isEqualTo("text/plain");
        assertThat(text.expiration()).isEqualTo(4102444800000L);
        assertThat(text.properties()).isEqualTo(Map.of("x-app", "demo"));
        assertThat(text.messageId()).startsWith("ID:");
        assertThat(text.timestamp()).isPositive();

        Message bytes = next(received);
        assertThat(bytes.body().kind()).isEqualTo(Body.Kind.BYTES);
        assertThat(bytes.body().toBytes()).containsExactly(0, 1, 2, 0);
        assertThat(bytes.durable()).isFalse();

        Message forcedText = next(received);
        assertThat(forcedText.body()).isEqualTo(Body.text("ok"));

        Message ttl = next(received); // RabbitMQ's expiration: a time to live
        assertThat(ttl.expiration()).isBetween(before + 60_000, System.currentTimeMillis() + 60_000);
    }

    @Test
    void engineMessagesReachStompWithTheirExactLength() throws Exception {
        try (RawStompClient c = RawStompClient.connect12(broker.port())) {
            c.sendWithReceipt("SUBSCRIBE", "", "id:x", "destination:/queue/cross.out");
            session.send(Message.builder().address("cross.out").durable(true).correlationId("k")
                    .replyTo(new Destination("ID:peer-1:1", Destination.Kind.TEMPORARY_QUEUE))
                    .property("n", 42).property("flag", true)
                    .body(Body.bytes(new byte[] {0, 'a', 0, 'b'})).build());
            session.send(Message.builder().address("cross.out").body(Body.text("ünïcødé")).build());
            session.send(Message.builder().address("cross.out").body(Body.map(Map.of("k", 1))).build());
            session.send(Message.builder().address("cross.out").body(Body.list(List.of("a", 2))).build());

            RawStompClient.Frame bytes = c.read();
            assertThat(bytes.header("content-length")).isEqualTo("4");
            assertThat(bytes.body()).containsExactly(0, 'a', 0, 'b');
            assertThat(bytes.header("persistent")).isEqualTo("true");
            assertThat(bytes.header("n")).isEqualTo("42");
            assertThat(bytes.header("flag")).isEqualTo("true");
            assertThat(bytes.header("correlation-id")).isEqualTo("k");
            assertThat(bytes.header("reply-to")).isEqualTo("/remote-temp-queue/ID\\cpeer-1\\c1"); // escaped ':'

            RawStompClient.Frame text = c.read();
            assertThat(text.text()).isEqualTo("ünïcødé");
            assertThat(text.header("content-length"))
                    .isEqualTo(Integer.toString("ünïcødé".getBytes(StandardCharsets.UTF_8).length));

            assertThat(c.read().text()).isEqualTo("{k=1}");
            assertThat(c.read().text()).isEqualTo("[a, 2]");
        }
    }
}
