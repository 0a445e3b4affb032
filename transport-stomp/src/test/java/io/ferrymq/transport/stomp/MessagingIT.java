package io.ferrymq.transport.stomp;

import static io.ferrymq.transport.stomp.RawStompClient.frame;
import static io.ferrymq.transport.stomp.RawStompClient.frameWithBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.QueueInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SEND, SUBSCRIBE, ack modes, ACK/NACK per version, transactions, receipts, escaping and bodies on the wire. */
class MessagingIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static RawStompClient connect12() throws Exception {
        return RawStompClient.connect12(broker.port());
    }

    private static void subscribe(RawStompClient c, String id, String destination, String ack, String... extra)
            throws Exception {
        String[] headers = new String[extra.length + 3];
        headers[0] = "id:" + id;
        headers[1] = "destination:" + destination;
        headers[2] = "ack:" + ack;
        System.arraycopy(extra, 0, headers, 3, extra.length);
        c.sendWithReceipt("SUBSCRIBE", "", headers);
    }

    private static Optional<QueueInfo> queue(String name) throws Exception {
        var conn = broker.engine.open(ConnectRequest.anonymous("test", null), new TestSink()).toCompletableFuture()
                .get();
        try {
            return conn.createSession().queryQueue(name);
        } finally {
            conn.close();
        }
    }

    /** Messages in a queue; an auto-created queue that was emptied may be gone, which counts as 0. */
    private static long messageCount(String name) throws Exception {
        return queue(name).map(QueueInfo::messageCount).orElse(0L);
    }

    /**
     * Waits until the queue is empty: acknowledgements reach the queue's counters on its own executor, a moment
     * after the RECEIPT of the ACK or COMMIT that made them.
     */
    private static void awaitEmpty(String name) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> messageCount(name) == 0);
    }

    @Test
    void queueMessagesWithAndWithoutContentLengthIncludingNulBytes() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "s1", "/queue/bodies", "auto");
            c.write("SEND\ndestination:/queue/bodies\ncontent-length:5\n\na\0b\0c\0");
            c.write(frameWithBody("SEND", "plain text", "destination:/queue/bodies"));
            RawStompClient.Frame bytes = c.read();
            assertThat(bytes.command()).isEqualTo("MESSAGE");
            assertThat(bytes.header("content-length")).isEqualTo("5");
            assertThat(bytes.body()).containsExactly('a', 0, 'b', 0, 'c');
            assertThat(bytes.header("destination")).isEqualTo("/queue/bodies");
            assertThat(bytes.header("subscription")).isEqualTo("s1");
            assertThat(bytes.header("message-id")).isNotBlank();
            assertThat(bytes.header("ack")).isNull(); // auto: nothing to acknowledge
            RawStompClient.Frame text = c.read();
            assertThat(text.text()).isEqualTo("plain text");
            assertThat(text.header("content-length")).isEqualTo("10");
        }
    }

    @Test
    void headersAreEscapedPerVersionBothWays() throws Exception {
        try (RawStompClient v12 = connect12();
                RawStompClient v11 = RawStompClient.connect(broker.port(), "accept-version:1.1", "host:x");
                RawStompClient v10 = RawStompClient.connect(broker.port())) {
            subscribe(v12, "a", "/topic/escape", "auto");
            subscribe(v11, "b", "/topic/escape", "auto");
            v10.sendWithReceipt("SUBSCRIBE", "", "destination:/topic/escape");
            // 1.2 sender: colon, newline, backslash and carriage return escaped
            v12.write(frame("SEND", "destination:/topic/escape", "k\\cey:a\\cb\\nc\\\\d\\re"));
            assertThat(v12.read().header("k\\cey")).isEqualTo("a\\cb\\nc\\\\d\\re");
            RawStompClient.Frame at11 = v11.read();
            assertThat(at11.header("k\\cey")).isEqualTo("a\\cb\\nc\\\\d\re".replace("\r", "\r"));
            // 1.0 has no escaping: line breaks cannot be carried and become spaces
            RawStompClient.Frame at10 = v10.read();
            assertThat(at10.header("k:ey")).isNull();
            assertThat(at10.headers()).anySatisfy(h -> assertThat(h[0] + ":" + h[1]).isEqualTo("k:ey:a:b c\\d e"));
            assertThat(at10.header("subscription")).isNull(); // 1.0 SUBSCRIBE without id
            // a 1.0 sender's backslashes are literal
            v10.write(frame("SEND", "destination:/topic/escape", "raw:x\\ny"));
            assertThat(v12.read().header("raw")).isEqualTo("x\\\\ny");
        }
    }

    @Test
    void clientIndividualAcksOneMessageAndTheRestComeBack() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "ci", "/queue/ci", "client-individual");
            for (int i = 1; i <= 3; i++) {
                c.write(frameWithBody("SEND", "m" + i, "destination:/queue/ci"));
            }
            RawStompClient.Frame m1 = c.read();
            RawStompClient.Frame m2 = c.read();
            RawStompClient.Frame m3 = c.read();
            assertThat(m1.header("ack")).isNotBlank();
            assertThat(m2.text()).isEqualTo("m2");
            c.sendWithReceipt("ACK", "", "id:" + m2.header("ack"));
            assertThat(m3.text()).isEqualTo("m3");
        }
        try (RawStompClient c = connect12()) {
            subscribe(c, "ci", "/queue/ci", "client");
            RawStompClient.Frame again1 = c.read();
            RawStompClient.Frame again3 = c.read();
            assertThat(again1.text()).isEqualTo("m1");
            assertThat(again1.header("redelivered")).isEqualTo("true");
            assertThat(again3.text()).isEqualTo("m3");
            // client mode: acking the last acks both
            c.sendWithReceipt("ACK", "", "id:" + again3.header("ack"));
        }
        awaitEmpty("ci");
    }

    @Test
    void clientModeAckIsCumulative() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "cm", "/queue/cumulative", "client");
            for (int i = 1; i <= 3; i++) {
                c.write(frameWithBody("SEND", "m" + i, "destination:/queue/cumulative"));
            }
            c.read();
            RawStompClient.Frame m2 = c.read();
            c.read();
            c.sendWithReceipt("ACK", "", "id:" + m2.header("ack"));
        }
        try (RawStompClient c = connect12()) {
            subscribe(c, "cm", "/queue/cumulative", "auto");
            assertThat(c.read().text()).isEqualTo("m3");
            c.write(frameWithBody("SEND", "marker", "destination:/queue/cumulative"));
            assertThat(c.read().text()).isEqualTo("marker");
        }
    }

    @Test
    void nackRedeliversAndVersion11And10AckByMessageId() throws Exception {
        try (RawStompClient c = RawStompClient.connect(broker.port(), "accept-version:1.1", "host:x")) {
            c.sendWithReceipt("SUBSCRIBE", "", "id:n", "destination:/queue/nack", "ack:client-individual");
            c.write(frameWithBody("SEND", "poison?", "destination:/queue/nack"));
            RawStompClient.Frame first = c.read();
            assertThat(first.header("ack")).isNull(); // 1.1 acks by message-id and subscription
            // no receipt here: the redelivery may overtake it
            c.write(frame("NACK", "message-id:" + first.header("message-id"), "subscription:n"));
            RawStompClient.Frame again = c.read();
            assertThat(again.text()).isEqualTo("poison?");
            assertThat(again.header("redelivered")).isEqualTo("true");
            c.sendWithReceipt("ACK", "", "message-id:" + again.header("message-id"), "subscription:n");
        }
        try (RawStompClient c = RawStompClient.connect(broker.port())) {
            c.sendWithReceipt("SUBSCRIBE", "", "destination:/queue/ack10", "ack:client");
            c.write(frameWithBody("SEND", "v10", "destination:/queue/ack10"));
            RawStompClient.Frame m = c.read();
            c.sendWithReceipt("ACK", "", "message-id:" + m.header("message-id"));
        }
        awaitEmpty("nack");
        awaitEmpty("ack10");
    }

    @Test
    void theAckWindowHoldsBackMessagesUntilAcknowledged() throws Exception {
        try (RawStompClient slow = connect12(); RawStompClient other = connect12()) {
            subscribe(slow, "w", "/queue/window", "client-individual", "activemq.prefetchSize:2");
            for (int i = 1; i <= 3; i++) {
                other.sendWithReceipt("SEND", "m" + i, "destination:/queue/window");
            }
            RawStompClient.Frame m1 = slow.read();
            assertThat(slow.read().text()).isEqualTo("m2");
            // the window is full: m3 waits in the queue, so a consumer that comes later gets it
            subscribe(other, "o", "/queue/window", "auto");
            assertThat(other.read().text()).isEqualTo("m3");
            // an ACK opens the window again
            slow.sendWithReceipt("ACK", "", "id:" + m1.header("ack"));
            other.sendWithReceipt("UNSUBSCRIBE", "", "id:o");
            other.sendWithReceipt("SEND", "m4", "destination:/queue/window");
            assertThat(slow.read().text()).isEqualTo("m4");
        }
    }

    @Test
    void nackedMessagesAreDeadLetteredAfterTheMaximumAttempts() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "dlq", "/queue/DLQ", "auto"); // the default dead-letter address, 10 attempts
            subscribe(c, "work", "/queue/poison", "client-individual");
            c.write(frameWithBody("SEND", "poison", "destination:/queue/poison", "x-kind:bad"));
            int nacks = 0;
            while (true) {
                RawStompClient.Frame m = c.read();
                assertThat(m.text()).isEqualTo("poison");
                if (m.header("subscription").equals("dlq")) {
                    assertThat(m.header("x-kind")).isEqualTo("bad");
                    break;
                }
                c.write(frame("NACK", "id:" + m.header("ack")));
                nacks++;
            }
            assertThat(nacks).isEqualTo(10);
        }
    }

    @Test
    void transactionsCoverSendsAndAcks() throws Exception {
        try (RawStompClient producer = connect12(); RawStompClient consumer = connect12()) {
            subscribe(consumer, "tx", "/queue/tx", "client-individual");
            producer.sendWithReceipt("BEGIN", "", "transaction:t1");
            producer.sendWithReceipt("SEND", "aborted", "destination:/queue/tx", "transaction:t1");
            producer.sendWithReceipt("ABORT", "", "transaction:t1");
            producer.sendWithReceipt("BEGIN", "", "transaction:t2");
            producer.sendWithReceipt("SEND", "committed", "destination:/queue/tx", "transaction:t2");
            producer.sendWithReceipt("SEND", "outside", "destination:/queue/tx");
            RawStompClient.Frame outside = consumer.read();
            assertThat(outside.text()).isEqualTo("outside"); // the transactional send is not visible yet
            producer.sendWithReceipt("COMMIT", "", "transaction:t2");
            RawStompClient.Frame committed = consumer.read();
            assertThat(committed.text()).isEqualTo("committed");

            // an ACK in an aborted transaction is undone: the message comes back
            consumer.sendWithReceipt("BEGIN", "", "transaction:a1");
            consumer.sendWithReceipt("ACK", "", "id:" + committed.header("ack"), "transaction:a1");
            consumer.write(frame("ABORT", "transaction:a1"));
            RawStompClient.Frame back = consumer.read();
            assertThat(back.text()).isEqualTo("committed");
            assertThat(back.header("redelivered")).isEqualTo("true");
            consumer.sendWithReceipt("BEGIN", "", "transaction:a2");
            consumer.sendWithReceipt("ACK", "", "id:" + back.header("ack"), "transaction:a2");
            consumer.sendWithReceipt("ACK", "", "id:" + outside.header("ack"), "transaction:a2");
            consumer.sendWithReceipt("COMMIT", "", "transaction:a2");
        }
        awaitEmpty("tx");
    }

    @Test
    void topicsFanOutAndQueuesShare() throws Exception {
        try (RawStompClient a = connect12(); RawStompClient b = connect12(); RawStompClient p = connect12()) {
            subscribe(a, "t", "/topic/fan", "auto");
            subscribe(b, "t", "/topic/fan", "auto");
            p.sendWithReceipt("SEND", "to all", "destination:/topic/fan");
            assertThat(a.read().text()).isEqualTo("to all");
            RawStompClient.Frame atB = b.read();
            assertThat(atB.text()).isEqualTo("to all");
            assertThat(atB.header("destination")).isEqualTo("/topic/fan");

            subscribe(a, "q", "/queue/shared", "auto", "activemq.prefetchSize:1");
            subscribe(b, "q", "/queue/shared", "auto", "activemq.prefetchSize:1");
            p.sendWithReceipt("SEND", "one", "destination:/queue/shared");
            p.sendWithReceipt("SEND", "two", "destination:/queue/shared");
            // both get one of them (round robin), never the same one twice
            Set<String> got = new HashSet<>();
            got.add(a.read().text());
            got.add(b.read().text());
            assertThat(got).containsExactlyInAnyOrder("one", "two");
        }
    }

    @Test
    void rabbitMqDestinationsMapOntoQueuesAndTopics() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "amq", "/amq/queue/rabbit", "auto");
            subscribe(c, "ex", "/exchange/amq.topic/stock.nyse", "auto");
            subscribe(c, "ex2", "/exchange/prices/*.eur", "auto");
            c.write(frameWithBody("SEND", "via /queue", "destination:/queue/rabbit"));
            RawStompClient.Frame q = c.read();
            assertThat(q.text()).isEqualTo("via /queue");
            assertThat(q.header("subscription")).isEqualTo("amq");
            c.write(frameWithBody("SEND", "via /topic", "destination:/topic/stock.nyse"));
            assertThat(c.read().header("subscription")).isEqualTo("ex");
            c.write(frameWithBody("SEND", "via exchange", "destination:/exchange/prices/gold.eur"));
            RawStompClient.Frame e = c.read();
            assertThat(e.header("subscription")).isEqualTo("ex2");
            assertThat(e.header("destination")).isEqualTo("/topic/prices.gold.eur");
        }
    }

    @Test
    void temporaryQueuesServeRepliesAndDisappearWithTheirConnection() throws Exception {
        String remoteName;
        try (RawStompClient requester = connect12(); RawStompClient service = connect12()) {
            subscribe(service, "svc", "/queue/service", "auto");
            subscribe(requester, "replies", "/temp-queue/replies", "auto");
            requester.write(frameWithBody("SEND", "ping", "destination:/queue/service",
                    "reply-to:/temp-queue/replies", "correlation-id:c-1"));
            RawStompClient.Frame request = service.read();
            remoteName = request.header("reply-to");
            assertThat(remoteName).startsWith("/remote-temp-queue/");
            service.write(frameWithBody("SEND", "pong", "destination:" + remoteName, "correlation-id:c-1"));
            RawStompClient.Frame reply = requester.read();
            assertThat(reply.text()).isEqualTo("pong");
            assertThat(reply.header("destination")).isEqualTo("/temp-queue/replies");
            assertThat(reply.header("correlation-id")).isEqualTo("c-1");
            assertThat(queue(remoteName.substring("/remote-temp-queue/".length()))).isPresent();
        }
        String address = remoteName.substring("/remote-temp-queue/".length());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> queue(address).isEmpty());
    }

    @Test
    void durableTopicSubscriptionsKeepMessagesWhileAway() throws Exception {
        try (RawStompClient c = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x",
                "client-id:durable-app")) {
            subscribe(c, "d", "/topic/news", "auto", "activemq.subscriptionName:news-sub");
        }
        try (RawStompClient c = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x")) {
            subscribe(c, "r", "/topic/news", "auto", "durable:true");
        }
        // away means the broker has seen both sockets close: an auto-ack delivery to a dying socket is gone
        await().atMost(Duration.ofSeconds(10)).until(() -> queue("durable-app.news-sub").orElseThrow()
                .consumerCount() == 0 && queue("r").orElseThrow().consumerCount() == 0);
        try (RawStompClient p = connect12()) {
            p.sendWithReceipt("SEND", "while away", "destination:/topic/news", "persistent:true");
        }
        try (RawStompClient c = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x",
                "client-id:durable-app")) {
            subscribe(c, "d", "/topic/news", "auto", "activemq.subscriptionName:news-sub");
            RawStompClient.Frame m = c.read();
            assertThat(m.text()).isEqualTo("while away");
            assertThat(m.header("persistent")).isEqualTo("true");
            c.sendWithReceipt("UNSUBSCRIBE", "", "id:d", "activemq.subscriptionName:news-sub");
        }
        assertThat(queue("durable-app.news-sub")).isEmpty();
        try (RawStompClient c = RawStompClient.connect(broker.port(), "accept-version:1.2", "host:x")) {
            subscribe(c, "r", "/topic/news", "auto", "durable:true");
            assertThat(c.read().text()).isEqualTo("while away"); // RabbitMQ style: named by the id
        }
    }

    @Test
    void selectorsFilterAndHeadersCrossBothWays() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "sel", "/topic/colors", "auto", "selector:color = 'red'");
            c.write(frameWithBody("SEND", "blue", "destination:/topic/colors", "color:blue"));
            c.write(frameWithBody("SEND", "{\"r\":1}", "destination:/topic/colors", "color:red",
                    "persistent:true", "priority:7", "expires:4102444800000", "correlation-id:corr",
                    "reply-to:/queue/answers", "content-type:application/json", "type:order", "x-custom:v1"));
            RawStompClient.Frame m = c.read();
            assertThat(m.text()).isEqualTo("{\"r\":1}");
            assertThat(m.header("color")).isEqualTo("red");
            assertThat(m.header("persistent")).isEqualTo("true");
            assertThat(m.header("priority")).isEqualTo("7");
            assertThat(m.header("expires")).isEqualTo("4102444800000");
            assertThat(m.header("correlation-id")).isEqualTo("corr");
            assertThat(m.header("reply-to")).isEqualTo("/queue/answers");
            assertThat(m.header("content-type")).isEqualTo("application/json");
            assertThat(m.header("type")).isEqualTo("order");
            assertThat(m.header("x-custom")).isEqualTo("v1");
            assertThat(m.header("content-length")).isEqualTo(
                    Integer.toString("{\"r\":1}".getBytes(StandardCharsets.UTF_8).length));
        }
    }

    @Test
    void expiredMessagesAndOwnMessagesOfANoLocalSubscriberAreNotDelivered() throws Exception {
        try (RawStompClient c = connect12(); RawStompClient other = connect12()) {
            subscribe(c, "nl", "/topic/nolocal", "auto", "activemq.noLocal:true");
            c.sendWithReceipt("SEND", "own", "destination:/topic/nolocal");
            other.sendWithReceipt("SEND", "expired", "destination:/topic/nolocal", "expires:1000");
            other.sendWithReceipt("SEND", "from other", "destination:/topic/nolocal");
            assertThat(c.read().text()).isEqualTo("from other");
        }
    }

    @Test
    void disconnectWithReceiptAnswersThenCloses() throws Exception {
        try (RawStompClient c = connect12()) {
            c.write(frameWithBody("SEND", "last words", "destination:/queue/bye", "persistent:true"));
            RawStompClient.Frame r = c.request(frame("DISCONNECT", "receipt:bye-1"));
            assertThat(r.command()).isEqualTo("RECEIPT");
            assertThat(r.header("receipt-id")).isEqualTo("bye-1");
            assertThat(c.closedByServer(5_000)).isTrue();
        }
        assertThat(messageCount("bye")).isEqualTo(1L);
    }

    @Test
    void unsubscribeStopsDeliveries() throws Exception {
        try (RawStompClient c = connect12()) {
            subscribe(c, "u1", "/topic/unsub", "auto");
            subscribe(c, "u2", "/topic/unsub", "auto");
            c.sendWithReceipt("UNSUBSCRIBE", "", "id:u1");
            c.write(frameWithBody("SEND", "after", "destination:/topic/unsub"));
            RawStompClient.Frame m = c.read();
            assertThat(m.header("subscription")).isEqualTo("u2");
            c.write(frameWithBody("SEND", "marker", "destination:/topic/unsub"));
            assertThat(c.read().text()).isEqualTo("marker"); // nothing for u1 in between
        }
    }
}
