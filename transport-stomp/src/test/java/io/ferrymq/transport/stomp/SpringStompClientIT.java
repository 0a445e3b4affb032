package io.ferrymq.transport.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** A real STOMP client library: Spring's STOMP client over TCP (reactor-netty), STOMP 1.2. */
class SpringStompClientIT {

    private static EmbeddedBroker broker;
    private ReactorNettyTcpStompClient client;
    private ThreadPoolTaskScheduler scheduler;
    private StompSession session;
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    /** A received message: headers and body. */
    record Received(StompHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @BeforeEach
    void connect() throws Exception {
        client = new ReactorNettyTcpStompClient("127.0.0.1", broker.port());
        client.setMessageConverter(new SimpleMessageConverter()); // byte[] in and out, whatever the content type
        scheduler = new ThreadPoolTaskScheduler(); // receipt tracking needs one
        scheduler.setThreadNamePrefix("stomp-receipts-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        client.setTaskScheduler(scheduler);
        StompHeaders connect = new StompHeaders();
        connect.setHost("localhost");
        connect.setLogin("guest");
        connect.setPasscode("guest");
        connect.setHeartbeat(new long[] {500, 500});
        session = client.connectAsync(connect, new StompSessionHandlerAdapter() {
            @Override
            public void handleException(StompSession s, StompCommand command, StompHeaders headers, byte[] payload,
                    Throwable exception) {
                errors.add(exception);
            }

            @Override
            public void handleTransportError(StompSession s, Throwable exception) {
                errors.add(exception);
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                errors.add(new IllegalStateException("ERROR frame: " + headers));
            }
        }).get(10, TimeUnit.SECONDS);
        session.setAutoReceipt(true);
    }

    @AfterEach
    void disconnect() {
        if (session != null && session.isConnected()) {
            session.disconnect();
        }
        client.shutdown();
        scheduler.shutdown();
        assertThat(errors).isEmpty();
    }

    private BlockingQueue<Received> subscribe(StompHeaders headers) throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        session.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders h) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders h, Object payload) {
                received.add(new Received(h, (byte[]) payload));
            }
        }).addReceiptTask(() -> receipt.complete(null));
        receipt.get(10, TimeUnit.SECONDS);
        return received;
    }

    private static Received next(BlockingQueue<Received> queue) throws InterruptedException {
        Received r = queue.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a message within 10 s").isNotNull();
        return r;
    }

    @Test
    void negotiatesStomp12AndExchangesMessagesWithReceipts() throws Exception {
        StompHeaders sub = new StompHeaders();
        sub.setDestination("/queue/spring.orders");
        BlockingQueue<Received> received = subscribe(sub);

        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/spring.orders");
        send.setContentType(org.springframework.util.MimeTypeUtils.TEXT_PLAIN);
        send.set("x-order", "o:1"); // a colon: escaped on the wire, intact at the other end
        send.set("persistent", "true");
        CompletableFuture<Void> sendReceipt = new CompletableFuture<>();
        session.send(send, "order one".getBytes(StandardCharsets.UTF_8))
                .addReceiptTask(() -> sendReceipt.complete(null));
        sendReceipt.get(10, TimeUnit.SECONDS);

        Received m = next(received);
        assertThat(m.text()).isEqualTo("order one");
        assertThat(m.headers().getFirst("x-order")).isEqualTo("o:1");
        assertThat(m.headers().getFirst("persistent")).isEqualTo("true");
        assertThat(m.headers().getContentType().toString()).isEqualTo("text/plain");
        assertThat(m.headers().getDestination()).isEqualTo("/queue/spring.orders");
        assertThat(m.headers().getSubscription()).isNotBlank();
    }

    @Test
    void heartBeatsKeepAnIdleConnectionAliveBothWays() throws Exception {
        // 500 ms both ways: the server closes after 750 ms without a client beat, Spring after 1.5 s without ours
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(2500))
                .atMost(java.time.Duration.ofSeconds(5)).until(() -> session.isConnected() && errors.isEmpty());
        StompHeaders sub = new StompHeaders();
        sub.setDestination("/queue/spring.idle");
        BlockingQueue<Received> received = subscribe(sub);
        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/spring.idle");
        session.send(send, "still here".getBytes(StandardCharsets.UTF_8));
        assertThat(next(received).text()).isEqualTo("still here");
    }

    @Test
    void clientIndividualAcknowledgementsAndNacks() throws Exception {
        StompHeaders sub = new StompHeaders();
        sub.setDestination("/queue/spring.acks");
        sub.setAck("client-individual");
        BlockingQueue<Received> received = subscribe(sub);
        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/spring.acks");
        session.send(send, "work".getBytes(StandardCharsets.UTF_8));

        Received first = next(received);
        assertThat(first.headers().getAck()).isNotBlank();
        session.acknowledge(first.headers().getAck(), false); // NACK: comes back
        Received again = next(received);
        assertThat(again.text()).isEqualTo("work");
        assertThat(again.headers().getFirst("redelivered")).isEqualTo("true");
        CompletableFuture<Void> ackReceipt = new CompletableFuture<>();
        session.acknowledge(again.headers().getAck(), true).addReceiptTask(() -> ackReceipt.complete(null));
        ackReceipt.get(10, TimeUnit.SECONDS);
    }

    @Test
    void topicsAndTemporaryReplyQueues() throws Exception {
        StompHeaders replySub = new StompHeaders();
        replySub.setDestination("/temp-queue/spring.replies");
        BlockingQueue<Received> replies = subscribe(replySub);
        StompHeaders topicSub = new StompHeaders();
        topicSub.setDestination("/topic/spring.requests");
        BlockingQueue<Received> requests = subscribe(topicSub);

        StompHeaders request = new StompHeaders();
        request.setDestination("/topic/spring.requests");
        request.set("reply-to", "/temp-queue/spring.replies");
        session.send(request, "ping".getBytes(StandardCharsets.UTF_8));
        Received r = next(requests);
        String replyTo = r.headers().getFirst("reply-to");
        assertThat(replyTo).isEqualTo("/temp-queue/spring.replies"); // its own temporary queue, by its own name

        StompHeaders reply = new StompHeaders();
        reply.setDestination(replyTo);
        session.send(reply, "pong".getBytes(StandardCharsets.UTF_8));
        assertThat(next(replies).text()).isEqualTo("pong");
    }
}
