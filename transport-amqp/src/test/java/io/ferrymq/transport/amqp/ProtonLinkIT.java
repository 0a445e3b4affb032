package io.ferrymq.transport.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.transport.TransportLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Link-level behaviour seen from a raw Proton-J client: credit, drain, settlement, outcomes and bad input. */
@Timeout(60)
class ProtonLinkIT {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static ProtonClient client() throws Exception {
        return new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD).open();
    }

    private static Session session(ProtonClient c) throws Exception {
        Session s = c.connection.session();
        s.open();
        c.pumpUntil(() -> s.getRemoteState() == EndpointState.ACTIVE);
        return s;
    }

    private static Sender sender(ProtonClient c, Session s, String address) throws Exception {
        Sender sender = s.sender("sender-" + address + "-" + System.nanoTime());
        Target t = new Target();
        t.setAddress(address);
        t.setCapabilities(Symbol.valueOf("queue"));
        sender.setTarget(t);
        sender.setSource(new Source());
        sender.open();
        c.pumpUntil(() -> sender.getRemoteState() != EndpointState.UNINITIALIZED && sender.getCredit() > 0);
        return sender;
    }

    private static Receiver receiver(ProtonClient c, Session s, String address, SenderSettleMode mode,
            Map<Symbol, Object> filter) throws Exception {
        Receiver r = s.receiver("receiver-" + address + "-" + System.nanoTime());
        Source src = new Source();
        src.setAddress(address);
        src.setCapabilities(Symbol.valueOf("queue"));
        src.setFilter(filter);
        r.setSource(src);
        r.setTarget(new Target());
        r.setSenderSettleMode(mode);
        r.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        r.open();
        c.pumpUntil(() -> r.getRemoteState() != EndpointState.UNINITIALIZED);
        return r;
    }

    /** Sends unsettled and waits for the broker to settle each transfer; returns their outcomes. */
    private static List<Object> send(ProtonClient c, Sender sender, String... bodies) throws Exception {
        List<Delivery> deliveries = new ArrayList<>();
        for (String body : bodies) {
            Delivery d = sender.delivery(("t" + System.nanoTime()).getBytes());
            byte[] bytes = ProtonClient.encode(ProtonClient.text(null, body));
            sender.send(bytes, 0, bytes.length);
            sender.advance();
            deliveries.add(d);
        }
        c.pumpUntil(() -> deliveries.stream().allMatch(Delivery::remotelySettled));
        List<Object> outcomes = new ArrayList<>();
        for (Delivery d : deliveries) {
            outcomes.add(d.getRemoteState());
            d.settle();
        }
        return outcomes;
    }

    /** Waits until {@code count} complete deliveries arrived on {@code r}; returns them in order. */
    private static List<Delivery> receive(ProtonClient c, Receiver r, int count) throws Exception {
        List<Delivery> got = new ArrayList<>();
        c.pumpUntil(() -> {
            Delivery d;
            while ((d = r.current()) != null && d.isReadable() && !d.isPartial()) {
                got.add(d);
                d.setContext(ProtonClient.body(r, d));
                r.advance();
            }
            return got.size() >= count;
        });
        return got;
    }

    /** Drains {@code r} with {@code credit} and returns what arrived before the drain completed. */
    private static List<Delivery> drain(ProtonClient c, Receiver r, int credit) throws Exception {
        List<Delivery> got = new ArrayList<>();
        r.drain(credit);
        c.pumpUntil(() -> {
            Delivery d;
            while ((d = r.current()) != null && d.isReadable() && !d.isPartial()) {
                got.add(d);
                d.setContext(ProtonClient.body(r, d));
                r.advance();
            }
            return !r.draining();
        });
        return got;
    }

    @Test
    void producerTransfersAreAcceptedOnceRouted() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            Sender sender = sender(c, s, "raw.accept");
            assertThat(send(c, sender, "a", "b")).allMatch(o -> o instanceof Accepted);
        }
    }

    @Test
    void drainDeliversWhatIsAvailableThenEchoesZeroCredit() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            send(c, sender(c, s, "raw.drain"), "one", "two");
            Receiver r = receiver(c, s, "raw.drain", SenderSettleMode.UNSETTLED, null);
            List<Delivery> got = drain(c, r, 10);
            assertThat(got).extracting(Delivery::getContext).containsExactly("one", "two");
            assertThat(r.getCredit()).isZero();
            // an empty queue drains at once
            assertThat(drain(c, r, 5)).isEmpty();
        }
    }

    @Test
    void preSettledDeliveriesAreConsumedWithoutDisposition() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            send(c, sender(c, s, "raw.presettled"), "x", "y", "z");
            Receiver r = receiver(c, s, "raw.presettled", SenderSettleMode.SETTLED, null);
            assertThat(r.getRemoteSenderSettleMode()).isEqualTo(SenderSettleMode.SETTLED);
            r.flow(10);
            List<Delivery> got = receive(c, r, 3);
            assertThat(got).allMatch(Delivery::remotelySettled);
            r.close();
            c.pumpUntil(() -> r.getRemoteState() == EndpointState.CLOSED);
            // at-most-once: nothing comes back although the client never sent a disposition
            Receiver check = receiver(c, s, "raw.presettled", SenderSettleMode.UNSETTLED, null);
            assertThat(drain(c, check, 10)).isEmpty();
        }
    }

    @Test
    void releasedAndModifiedDeliveriesComeBack() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            send(c, sender(c, s, "raw.modified"), "again");
            Receiver r = receiver(c, s, "raw.modified", SenderSettleMode.UNSETTLED, null);
            r.flow(1);
            Delivery first = receive(c, r, 1).get(0);
            first.disposition(Released.getInstance());
            first.settle();
            r.flow(1);
            Delivery second = receive(c, r, 1).get(0);
            assertThat(second.getContext()).isEqualTo("again");
            Modified failed = new Modified();
            failed.setDeliveryFailed(true);
            second.disposition(failed);
            second.settle();
            r.flow(1);
            Delivery third = receive(c, r, 1).get(0);
            assertThat(third.getContext()).isEqualTo("again");
            // released does not count as a failed attempt, modified delivery-failed does (AMQP 1.0 §3.4.5)
            assertThat(ProtonClient.lastDeliveryCount).isEqualTo(1);
            third.disposition(Accepted.getInstance());
            third.settle();
            assertThat(drain(c, r, 5)).isEmpty();
        }
    }

    /** A client that closes in order left its unsettled deliveries unseen: they come back uncounted. */
    @Test
    void unsettledDeliveriesOfAConnectionClosedInOrderComeBackUncounted() throws Exception {
        assertThat(redeliveryCountAfter("raw.unsettled.orderly", c -> {
            c.connection.close();
            c.pumpUntil(() -> c.connection.getRemoteState() == EndpointState.CLOSED);
        })).isZero();
    }

    /** A connection that fails (no close frame) counts its unsettled deliveries as one failed attempt. */
    @Test
    void unsettledDeliveriesOfAFailedConnectionComeBackAsOneFailedAttempt() throws Exception {
        assertThat(redeliveryCountAfter("raw.unsettled.failed", c -> c.socket.close())).isEqualTo(1);
    }

    private interface Ending {
        void end(ProtonClient c) throws Exception;
    }

    private static long redeliveryCountAfter(String queue, Ending ending) throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            send(c, sender(c, s, queue), "held");
            Receiver r = receiver(c, s, queue, SenderSettleMode.UNSETTLED, null);
            r.flow(10);
            receive(c, r, 1);
            assertThat(ProtonClient.lastDeliveryCount).isZero();
            ending.end(c);
        }
        try (ProtonClient c = client()) {
            Session s = session(c);
            Receiver r = receiver(c, s, queue, SenderSettleMode.UNSETTLED, null);
            r.flow(10);
            assertThat(receive(c, r, 1).get(0).getContext()).isEqualTo("held");
            return ProtonClient.lastDeliveryCount;
        }
    }

    @Test
    void modifiedUndeliverableHereGoesToAnotherConsumer() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            send(c, sender(c, s, "raw.undeliverable"), "elsewhere");
            Receiver a = receiver(c, s, "raw.undeliverable", SenderSettleMode.UNSETTLED, null);
            a.flow(1);
            Delivery d = receive(c, a, 1).get(0);
            Receiver b = receiver(c, s, "raw.undeliverable", SenderSettleMode.UNSETTLED, null);
            b.flow(1);
            Modified notHere = new Modified();
            notHere.setUndeliverableHere(true);
            d.disposition(notHere);
            d.settle();
            Delivery atB = receive(c, b, 1).get(0);
            assertThat(atB.getContext()).isEqualTo("elsewhere");
        }
    }

    @Test
    void rejectedDeliveriesAreDeadLettered() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            // the dead-letter queue must exist to receive the copy
            Receiver dlq = receiver(c, s, EmbeddedBroker.DLQ, SenderSettleMode.UNSETTLED, null);
            send(c, sender(c, s, "raw.reject"), "poison");
            Receiver r = receiver(c, s, "raw.reject", SenderSettleMode.UNSETTLED, null);
            r.flow(1);
            Delivery d = receive(c, r, 1).get(0);
            d.disposition(new Rejected());
            d.settle();
            dlq.flow(1);
            assertThat(receive(c, dlq, 1).get(0).getContext()).isEqualTo("poison");
            assertThat(drain(c, r, 5)).isEmpty();
        }
    }

    @Test
    void selectorIsEchoedAndABadOneRefusedWithInvalidField() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            Map<Symbol, Object> good = new HashMap<>();
            good.put(Symbol.valueOf("jms-selector"), new Selector("color = 'red'"));
            Receiver r = receiver(c, s, "raw.selector", SenderSettleMode.UNSETTLED, good);
            assertThat(r.getRemoteSource()).isNotNull();
            assertThat(((Source) r.getRemoteSource()).getFilter()).containsKey(Symbol.valueOf("jms-selector"));

            Map<Symbol, Object> bad = new HashMap<>();
            bad.put(Symbol.valueOf("jms-selector"), new Selector("color = = ("));
            Receiver refused = receiver(c, s, "raw.selector", SenderSettleMode.UNSETTLED, bad);
            c.pumpUntil(() -> refused.getRemoteState() == EndpointState.CLOSED);
            assertThat(refused.getRemoteSource()).isNull();
            assertThat(refused.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:invalid-field");
        }
    }

    @Test
    void producerOnAMissingTemporaryQueueIsRefusedWithNotFound() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            Sender sender = s.sender("to-nowhere");
            Target t = new Target();
            t.setAddress("no.such.temp.queue");
            t.setCapabilities(Symbol.valueOf("temporary-queue"));
            sender.setTarget(t);
            sender.setSource(new Source());
            sender.open();
            c.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat(sender.getRemoteTarget()).isNull();
            assertThat(sender.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:not-found");
        }
    }

    @Test
    void dynamicSourceCreatesATemporaryQueue() throws Exception {
        try (ProtonClient c = client()) {
            Session s = session(c);
            Receiver r = s.receiver("dynamic");
            Source src = new Source();
            src.setDynamic(true);
            r.setSource(src);
            r.setTarget(new Target());
            r.open();
            c.pumpUntil(() -> r.getRemoteState() == EndpointState.ACTIVE);
            String address = r.getRemoteSource().getAddress();
            assertThat(address).isNotBlank();
            send(c, sender(c, s, address), "reply");
            r.flow(1);
            assertThat(receive(c, r, 1).get(0).getContext()).isEqualTo("reply");
        }
    }

    @Test
    void manySessionsWithManyLinks() throws Exception {
        try (ProtonClient c = client()) {
            List<Receiver> receivers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Session s = c.connection.session();
                s.open();
                for (int j = 0; j < 10; j++) {
                    Receiver r = s.receiver("r" + i + "." + j);
                    Source src = new Source();
                    src.setAddress("raw.many." + i + "." + j);
                    r.setSource(src);
                    r.setTarget(new Target());
                    r.open();
                    receivers.add(r);
                }
            }
            c.pumpUntil(() -> receivers.stream().allMatch(r -> r.getRemoteState() == EndpointState.ACTIVE));
            Receiver last = receivers.get(receivers.size() - 1);
            send(c, sender(c, last.getSession(), "raw.many.19.9"), "deep");
            last.flow(1);
            assertThat(receive(c, last, 1).get(0).getContext()).isEqualTo("deep");
        }
    }

    @Test
    void transferOnAnUnattachedHandleClosesTheConnection() throws Exception {
        try (ProtonClient c = client()) {
            session(c);
            Transfer transfer = new Transfer();
            transfer.setHandle(UnsignedInteger.valueOf(42));
            transfer.setDeliveryId(UnsignedInteger.ZERO);
            transfer.setDeliveryTag(new Binary(new byte[] {1}));
            transfer.setSettled(true);
            c.writeRaw(frame(0, transfer, ProtonClient.encode(ProtonClient.text("x", "x"))));
            c.pumpUntil(() -> c.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat(c.connection.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:session:unattached-handle");
        }
    }

    @Test
    void malformedFrameIsAFramingError() throws Exception {
        try (ProtonClient c = client()) {
            // a frame whose size (4) is below the 8-byte frame header (AMQP 1.0 §2.3.1)
            c.writeRaw(new byte[] {0, 0, 0, 4, 2, 0, 0, 0});
            c.pumpUntil(() -> c.connection.getRemoteState() == EndpointState.CLOSED);
            assertThat(c.connection.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:connection:framing-error");
            c.pumpUntil(c::socketClosedByPeer);
        }
    }

    @Test
    void badPasswordGetsSaslOutcomeAuthThenTheSocketCloses() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, "wrong")) {
            c.connection.open();
            Sasl sasl = c.transport.sasl();
            c.pumpUntil(() -> sasl.getOutcome() != Sasl.PN_SASL_NONE);
            assertThat(sasl.getOutcome()).isEqualTo(Sasl.PN_SASL_AUTH);
            c.pumpUntil(c::socketClosedByPeer);
            assertThat(c.connection.getRemoteState()).isEqualTo(EndpointState.UNINITIALIZED);
        }
    }

    @Test
    void anonymousSaslIsAGuestFromLoopback() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), null, null).open()) {
            assertThat(c.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            assertThat(c.transport.sasl().getOutcome()).isEqualTo(Sasl.PN_SASL_OK);
        }
    }

    @Test
    void brokerSendsEmptyFramesWithinTheClientsIdleTimeout() throws Exception {
        try (ProtonClient c = new ProtonClient(broker.port(), EmbeddedBroker.USER, EmbeddedBroker.PASSWORD)) {
            c.transport.setIdleTimeout(400);
            c.open();
            long before = c.transport.getFramesInput();
            c.pumpUntil(() -> c.transport.getFramesInput() >= before + 4);
            assertThat(c.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    /** A described selector filter as Qpid JMS sends it. */
    record Selector(String selector) implements DescribedType {
        @Override
        public Object getDescriptor() {
            return Symbol.valueOf("apache.org:selector-filter:string");
        }

        @Override
        public Object getDescribed() {
            return selector;
        }
    }

    /** One AMQP frame (AMQP 1.0 §2.3.2): size, doff 2, type 0, channel, performative, payload. */
    static byte[] frame(int channel, Object performative, byte[] payload) {
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer body = ByteBuffer.allocate(64 * 1024);
        encoder.setByteBuffer(body);
        encoder.writeObject(performative);
        body.put(payload);
        body.flip();
        ByteBuffer frame = ByteBuffer.allocate(8 + body.remaining());
        frame.putInt(8 + body.remaining()).put((byte) 2).put((byte) 0).putShort((short) channel).put(body);
        return frame.array();
    }
}
