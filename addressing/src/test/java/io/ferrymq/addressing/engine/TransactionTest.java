package io.ferrymq.addressing.engine;

import static io.ferrymq.addressing.api.RoutingType.ANYCAST;
import static io.ferrymq.addressing.engine.EngineFixture.failure;
import static io.ferrymq.addressing.engine.EngineFixture.join;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.api.Xid;
import io.ferrymq.addressing.engine.EngineFixture.Receiver;
import io.ferrymq.addressing.engine.EngineFixture.TestConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransactionTest {

    private final EngineFixture f = new EngineFixture();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void sendsAreInvisibleUntilCommit() {
        TestConnection c = f.connect();
        Receiver r = c.consumeQueue("txq", 10);
        Transaction tx = c.session.beginTransaction();
        join(c.session.send(EngineFixture.text("txq", ANYCAST, "a"), tx));
        join(c.session.send(EngineFixture.text("txq", ANYCAST, "b"), tx));
        assertThat(r.deliveries).isEmpty();
        join(tx.commit());
        assertThat(r.texts()).containsExactly("a", "b");
        assertThat(failure(tx.commit()).kind()).isEqualTo(EngineException.Kind.TRANSACTION_FAILED);
    }

    @Test
    void rolledBackSendsAreGone() {
        TestConnection c = f.connect();
        Receiver r = c.consumeQueue("txq2", 10);
        Transaction tx = c.session.beginTransaction();
        join(c.session.send(EngineFixture.text("txq2", ANYCAST, "never"), tx));
        join(tx.rollback());
        c.sendText("txq2", ANYCAST, "after");
        assertThat(r.texts()).containsExactly("after");
    }

    @Test
    void acksAreUndoneByRollbackAndRedelivered() {
        TestConnection c = f.connect();
        c.sendText("txacks", ANYCAST, "x");
        Receiver r = c.consumeQueue("txacks", 10);
        Transaction tx = c.session.beginTransaction();
        join(r.consumer.settle(r.last().tag(), Outcome.ACCEPTED, tx));
        assertThat(f.engine.queue("txacks").orElseThrow().messageCount()).isEqualTo(1);
        join(tx.rollback());
        assertThat(r.deliveries).hasSize(2);
        assertThat(r.last().redelivered()).isTrue();
        Transaction tx2 = c.session.beginTransaction();
        join(r.consumer.settle(r.last().tag(), Outcome.ACCEPTED, tx2));
        join(tx2.commit());
        assertThat(f.engine.queue("txacks").orElseThrow().messageCount()).isZero();
    }

    @Test
    void xaPrepareThenCommitFromRecovery() {
        TestConnection c = f.connect();
        Receiver r = c.consumeQueue("xa", 10);
        Xid xid = new Xid(1, new byte[] {1, 2}, new byte[] {3});
        Transaction tx = c.session.beginTransaction(xid);
        join(c.session.send(EngineFixture.text("xa", ANYCAST, "x"), tx));
        join(tx.prepare());
        assertThat(c.session.xaRecovery().preparedXids()).containsExactly(xid);
        assertThat(failure(tx.prepare()).kind()).isEqualTo(EngineException.Kind.TRANSACTION_FAILED);
        assertThat(r.deliveries).isEmpty();
        TestConnection tm = f.connect();
        join(tm.session.xaRecovery().find(xid).orElseThrow().commit());
        assertThat(r.texts()).containsExactly("x");
        assertThat(tm.session.xaRecovery().preparedXids()).isEmpty();
        assertThatDuplicateXidIsRefused(c, xid);
    }

    private static void assertThatDuplicateXidIsRefused(TestConnection c, Xid xid) {
        Transaction t = c.session.beginTransaction(xid);
        try {
            c.session.beginTransaction(xid);
            throw new AssertionError("duplicate xid accepted");
        } catch (EngineException e) {
            assertThat(e.kind()).isEqualTo(EngineException.Kind.TRANSACTION_FAILED);
        }
        join(t.rollback());
    }

    @Test
    void closingTheSessionRollsBack() {
        TestConnection c = f.connect();
        c.sendText("txclose", ANYCAST, "x");
        Receiver r = c.consumeQueue("txclose", 10);
        Transaction tx = c.session.beginTransaction();
        join(r.consumer.settle(r.last().tag(), Outcome.ACCEPTED, tx));
        join(c.session.close());
        TestConnection other = f.connect();
        Receiver r2 = other.consumeQueue("txclose", 10);
        assertThat(r2.texts()).containsExactly("x");
        assertThat(r2.last().redelivered()).isTrue();
    }
}
