package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.api.RoutingType.MULTICAST;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.Body;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.QueueSpec;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.api.Xid;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import io.ferrymq.addressing.store.JournalMessageStore;
import io.ferrymq.journal.JournalOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {

    @TempDir
    Path dir;

    private EngineFixture start() {
        JournalOptions options = JournalOptions.builder(dir).fileSize(1024 * 1024).datasync(false).build();
        return new EngineFixture(EngineOptions.DEFAULTS, JournalMessageStore.open(options));
    }

    private static Message durable(String address, io.ferrymq.addressing.api.RoutingType type, String text) {
        return Message.builder().address(address).routingType(type).durable(true).body(Body.text(text))
                .property("n", text).build();
    }

    @Test
    void durableMessagesSurviveARestartInOrderWithDeliveryCounts() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            join(c.session.declareQueue(QueueSpec.durableQueue("jobs")));
            for (int i = 0; i < 5; i++) {
                c.send(durable("jobs", ANYCAST, "d" + i));
            }
            c.sendText("jobs", ANYCAST, "transient");
            Receiver r = c.consumeQueue("jobs", 2);
            join(r.consumer.settle(r.deliveries.get(0).tag(), Outcome.ACCEPTED));
            join(r.consumer.settle(r.deliveries.get(1).tag(), Outcome.FAILED));
        }
        try (EngineFixture f = start()) {
            assertThat(f.engine.queue("jobs")).isPresent();
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("jobs", 10);
            assertThat(r.texts()).containsExactly("d1", "d2", "d3", "d4");
            assertThat(r.deliveries.get(0).deliveryCount()).isEqualTo(1);
            assertThat(r.deliveries.get(1).deliveryCount()).isZero();
            assertThat(r.deliveries.get(0).message().property("n")).isEqualTo("d1");
            r.acceptAll();
        }
        try (EngineFixture f = start()) {
            assertThat(f.engine.queue("jobs").orElseThrow().messageCount()).isZero();
        }
    }

    @Test
    void durableSubscriptionAndItsMessagesSurvive() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            Receiver r = c.subscribe(SubscriptionSpec.topic("events.#").durable("svc", "audit").build(), 0);
            join(r.consumer.close());
            c.send(durable("events.created", MULTICAST, "e1"));
            join(c.session.declareAddress("declared.only", ANYCAST));
        }
        try (EngineFixture f = start()) {
            assertThat(f.engine.address("declared.only")).isPresent();
            TestConnection c = f.connect();
            Receiver r = c.subscribe(SubscriptionSpec.topic("events.#").durable("svc", "audit").build(), 10);
            assertThat(r.texts()).containsExactly("e1");
            c.send(durable("events.deleted", MULTICAST, "e2"));
            assertThat(r.texts()).containsExactly("e1", "e2");
        }
    }

    @Test
    void preparedTransactionSurvivesAndCommitsAfterRestart() {
        Xid xid = new Xid(7, new byte[] {9, 9}, new byte[] {1});
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            join(c.session.declareQueue(QueueSpec.durableQueue("in")));
            join(c.session.declareQueue(QueueSpec.durableQueue("out")));
            c.send(durable("in", ANYCAST, "request"));
            Receiver r = c.consumeQueue("in", 1);
            Transaction tx = c.session.beginTransaction(xid);
            join(r.consumer.settle(r.last().tag(), Outcome.ACCEPTED, tx));
            join(c.session.send(durable("out", ANYCAST, "reply"), tx));
            join(tx.prepare());
        }
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            assertThat(c.session.xaRecovery().preparedXids()).containsExactly(xid);
            Receiver in = c.consumeQueue("in", 10);
            Receiver out = c.consumeQueue("out", 10);
            assertThat(in.deliveries).isEmpty();
            assertThat(out.deliveries).isEmpty();
            join(c.session.xaRecovery().find(xid).orElseThrow().commit());
            assertThat(out.texts()).containsExactly("reply");
            out.acceptAll();
        }
        try (EngineFixture f = start()) {
            assertThat(f.engine.queue("in").orElseThrow().messageCount()).isZero();
            assertThat(f.engine.queue("out").orElseThrow().messageCount()).isZero();
        }
    }

    @Test
    void rolledBackPreparedTransactionReturnsTheMessage() {
        Xid xid = new Xid(7, new byte[] {5}, new byte[] {5});
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            c.send(durable("q", ANYCAST, "m"));
            Receiver r = c.consumeQueue("q", 1);
            Transaction tx = c.session.beginTransaction(xid);
            join(r.consumer.settle(r.last().tag(), Outcome.ACCEPTED, tx));
            join(tx.prepare());
        }
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            join(c.session.xaRecovery().find(xid).orElseThrow().rollback());
            Receiver r = c.consumeQueue("q", 10);
            assertThat(r.texts()).containsExactly("m");
            assertThat(r.last().redelivered()).isTrue();
        }
    }

    @Test
    void deadLetterCopySurvivesRestart() {
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            c.send(durable("orders", ANYCAST, "poison"));
            Receiver r = c.consumeQueue("orders", 1);
            join(r.consumer.settle(r.last().tag(), Outcome.REJECTED));
        }
        try (EngineFixture f = start()) {
            // auto-created and empty once its consumer left: auto-deleted, or at least empty
            assertThat(f.engine.queue("orders").map(q -> q.messageCount()).orElse(0L)).isZero();
            TestConnection c = f.connect();
            Receiver dlq = c.consumeQueue("DLQ", 10);
            assertThat(dlq.texts()).containsExactly("poison");
            assertThat(dlq.last().message().property("_AMQ_ORIG_ADDRESS")).isEqualTo("orders");
        }
    }

    @Test
    void scheduledMessagesStayScheduledAcrossARestart() {
        long due;
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            due = f.clock.now() + 60_000;
            c.send(Message.builder().address("later").routingType(ANYCAST).durable(true).deliveryTime(due)
                    .body(Body.text("scheduled")).build());
        }
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("later", 10);
            assertThat(r.deliveries).isEmpty();
            f.clock.advance(due - f.clock.now());
            assertThat(r.texts()).containsExactly("scheduled");
        }
    }

    @Test
    void anXaTransactionWithNothingDurablePreparesAndCommits() {
        Xid xid = new Xid(3, new byte[] {4}, new byte[] {2});
        try (EngineFixture f = start()) {
            TestConnection c = f.connect();
            Receiver r = c.consumeQueue("volatile", 10);
            Transaction tx = c.session.beginTransaction(xid);
            join(c.session.send(EngineFixture.text("volatile", ANYCAST, "not durable"), tx));
            join(tx.prepare());
            join(tx.commit());
            assertThat(r.texts()).containsExactly("not durable");
        }
    }
}
