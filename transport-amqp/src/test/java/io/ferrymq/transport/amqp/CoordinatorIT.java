package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The transaction coordinator (AMQP 1.0 §4.5) from a raw Proton-J client; plus node-type inference. */
@Timeout(60)
class CoordinatorIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static DeliveryState request(ProtonClient c, Sender coordinator, Object body) throws Exception {
        Message m = Message.Factory.create();
        m.setBody(new AmqpValue(body));
        byte[] bytes = ProtonClient.encode(m);
        Delivery d = coordinator.delivery(("c" + System.nanoTime()).getBytes());
        coordinator.send(bytes, 0, bytes.length);
        coordinator.advance();
        c.pumpUntil(d::remotelySettled);
        return d.getRemoteState();
    }

    private static Sender coordinator(ProtonClient c, Session s) throws Exception {
        Sender coordinator = s.sender("txn-controller");
        Coordinator target = new Coordinator();
        target.setCapabilities(Symbol.valueOf("amqp:local-transactions"));
        coordinator.setTarget(target);
        coordinator.setSource(new Source());
        coordinator.open();
        c.pumpUntil(() -> coordinator.getRemoteState() == EndpointState.ACTIVE && coordinator.getCredit() > 0);
        return coordinator;
    }

    @Test
    void twoTransactionsOnOneSessionCommitAndRollBackIndependently() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD).open()) {
            Session s = c.connection.session();
            s.open();
            Sender coordinator = coordinator(c, s);
            Binary commitMe = ((Declared) request(c, coordinator, new Declare())).getTxnId();
            Binary rollMeBack = ((Declared) request(c, coordinator, new Declare())).getTxnId();
            assertThat(commitMe).isNotEqualTo(rollMeBack);

            Sender producer = s.sender("tx-producer");
            Target t = new Target();
            t.setAddress("raw.tx.two");
            t.setCapabilities(Symbol.valueOf("queue"));
            producer.setTarget(t);
            producer.setSource(new Source());
            producer.open();
            c.pumpUntil(() -> producer.getCredit() > 0);
            List<Delivery> sends = new ArrayList<>();
            for (Binary txn : new Binary[] {commitMe, rollMeBack}) {
                Delivery d = producer.delivery(("p" + System.nanoTime()).getBytes());
                TransactionalState state = new TransactionalState();
                state.setTxnId(txn);
                d.disposition(state);
                byte[] bytes = ProtonClient.encode(ProtonClient.text(null, txn == commitMe ? "kept" : "dropped"));
                producer.send(bytes, 0, bytes.length);
                producer.advance();
                sends.add(d);
            }
            c.pumpUntil(() -> sends.stream().allMatch(Delivery::remotelySettled));
            for (Delivery d : sends) {
                assertThat(d.getRemoteState()).isInstanceOf(TransactionalState.class);
                assertThat(((TransactionalState) d.getRemoteState()).getOutcome()).isInstanceOf(Accepted.class);
            }

            Discharge rollback = new Discharge();
            rollback.setTxnId(rollMeBack);
            rollback.setFail(true);
            assertThat(request(c, coordinator, rollback)).isInstanceOf(Accepted.class);
            Discharge commit = new Discharge();
            commit.setTxnId(commitMe);
            commit.setFail(false);
            assertThat(request(c, coordinator, commit)).isInstanceOf(Accepted.class);

            Receiver r = s.receiver("tx-check");
            Source src = new Source();
            src.setAddress("raw.tx.two");
            src.setCapabilities(Symbol.valueOf("queue"));
            r.setSource(src);
            r.setTarget(new Target());
            r.open();
            List<String> got = new ArrayList<>();
            r.drain(10);
            c.pumpUntil(() -> {
                Delivery d;
                while ((d = r.current()) != null && d.isReadable() && !d.isPartial()) {
                    got.add(ProtonClient.body(r, d));
                    r.advance();
                    d.disposition(Accepted.getInstance());
                    d.settle();
                }
                return r.getRemoteState() == EndpointState.ACTIVE && !r.draining();
            });
            assertThat(got).containsExactly("kept");
        }
    }

    @Test
    void dischargeOfAnUnknownTransactionIsRejected() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD).open()) {
            Session s = c.connection.session();
            s.open();
            Sender coordinator = coordinator(c, s);
            Discharge discharge = new Discharge();
            discharge.setTxnId(new Binary(new byte[] {9, 9, 9}));
            discharge.setFail(false);
            DeliveryState state = request(c, coordinator, discharge);
            assertThat(state).isInstanceOf(Rejected.class);
            assertThat(((Rejected) state).getError().getCondition().toString())
                    .isEqualTo("amqp:transaction:unknown-id");
        }
    }

    @Test
    void consumerWithoutCapabilitiesOnATopicAddressSubscribes() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD).open()) {
            Session s = c.connection.session();
            s.open();
            // a topic subscriber with the capability makes the address multicast
            Receiver typed = receiver(c, s, "raw.inferred", Symbol.valueOf("topic"));
            Receiver untyped = receiver(c, s, "raw.inferred", null);
            typed.flow(5);
            untyped.flow(5);
            Sender p = s.sender("to-topic");
            Target t = new Target();
            t.setAddress("raw.inferred");
            t.setCapabilities(Symbol.valueOf("topic"));
            p.setTarget(t);
            p.setSource(new Source());
            p.open();
            c.pumpUntil(() -> p.getCredit() > 0);
            Delivery d = p.delivery(new byte[] {1});
            byte[] bytes = ProtonClient.encode(ProtonClient.text(null, "both"));
            p.send(bytes, 0, bytes.length);
            p.advance();
            // both get a copy: the untyped consumer was made a subscriber, not a competing queue consumer
            c.pumpUntil(() -> typed.current() != null && !typed.current().isPartial()
                    && untyped.current() != null && !untyped.current().isPartial());
            assertThat(ProtonClient.body(untyped, untyped.current())).isEqualTo("both");
            assertThat(ProtonClient.body(typed, typed.current())).isEqualTo("both");
        }
    }

    private static Receiver receiver(ProtonClient c, Session s, String address, Symbol capability) throws Exception {
        Receiver r = s.receiver("r-" + System.nanoTime());
        Source src = new Source();
        src.setAddress(address);
        if (capability != null) {
            src.setCapabilities(capability);
        }
        r.setSource(src);
        r.setTarget(new Target());
        r.open();
        c.pumpUntil(() -> r.getRemoteState() == EndpointState.ACTIVE);
        return r;
    }
}
