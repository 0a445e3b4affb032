package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.Transaction;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * The transaction coordinator (AMQP 1.0 §4.5): a link whose target is a coordinator. A declare starts an engine
 * transaction and answers with its id; a discharge commits or rolls it back and is accepted when that is done, or
 * rejected with {@code amqp:transaction:unknown-id} / {@code amqp:transaction:rollback}. Any number of
 * transactions may be declared over the link's life; those still open when it detaches are rolled back
 * (§4.5.3).
 *
 * <p>Not thread safe: called on the connection's event loop.
 */
final class CoordinatorLink extends ProtonLink {

    private static final int CREDIT = 100;

    private final Receiver receiver;
    private final Set<Binary> declared = new LinkedHashSet<>();
    private boolean disposed;

    CoordinatorLink(SessionBridge session, Receiver receiver) {
        super(session, receiver);
        this.receiver = receiver;
    }

    @Override
    void attach() {
        receiver.setTarget(receiver.getRemoteTarget());
        receiver.setSource(receiver.getRemoteSource());
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.open();
        receiver.flow(CREDIT);
    }

    @Override
    void onDelivery(Delivery delivery) {
        if (delivery.getContext() != null || disposed || !delivery.isReadable() || delivery.isPartial()) {
            return;
        }
        delivery.setContext(Boolean.TRUE);
        ReadableBuffer payload = receiver.recv();
        receiver.advance();
        Object body;
        try {
            Message message = Message.Factory.create();
            message.decode(payload);
            body = message.getBody() instanceof AmqpValue v ? v.getValue() : null;
        } catch (RuntimeException e) {
            finish(delivery, rejected(Conditions.of(Conditions.DECODE_ERROR, "not a transaction request")));
            return;
        }
        if (body instanceof Declare) {
            declare(delivery);
        } else if (body instanceof Discharge discharge) {
            discharge(delivery, discharge);
        } else {
            finish(delivery, rejected(Conditions.of(Conditions.NOT_IMPLEMENTED,
                    "the coordinator takes declare and discharge only")));
        }
    }

    private void declare(Delivery delivery) {
        Transaction tx = session.engine().beginTransaction();
        Binary txnId = new Binary(ByteBuffer.allocate(8).putLong(tx.id()).array());
        session.connection().addTransaction(txnId, tx);
        declared.add(txnId);
        Declared answer = new Declared();
        answer.setTxnId(txnId);
        finish(delivery, answer);
    }

    private void discharge(Delivery delivery, Discharge discharge) {
        Binary txnId = discharge.getTxnId();
        Transaction tx = txnId == null ? null : session.connection().removeTransaction(txnId);
        declared.remove(txnId);
        if (tx == null) {
            finish(delivery, rejected(Conditions.of(Conditions.UNKNOWN_TRANSACTION, "unknown transaction " + txnId)));
            return;
        }
        boolean fail = Boolean.TRUE.equals(discharge.getFail());
        CompletionStage<Void> done = fail ? tx.rollback() : tx.commit();
        done.whenComplete((v, failure) -> {
            if (failure == null) {
                finish(delivery, Accepted.getInstance());
            } else {
                ErrorCondition condition = fail ? Conditions.of(failure)
                        : Conditions.of(Conditions.TRANSACTION_ROLLBACK, Conditions.unwrap(failure).getMessage());
                finish(delivery, rejected(condition));
            }
            session.pump();
        });
    }

    private static Rejected rejected(ErrorCondition condition) {
        Rejected rejected = new Rejected();
        rejected.setError(condition);
        return rejected;
    }

    private void finish(Delivery delivery, DeliveryState state) {
        if (link.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        if (!delivery.remotelySettled()) {
            delivery.disposition(state);
        }
        delivery.settle();
        if (isOpen() && receiver.getCredit() < CREDIT / 2) {
            receiver.flow(CREDIT - receiver.getCredit());
        }
    }

    @Override
    void remoteDetach(boolean closed) {
        dispose();
        answerDetach(closed);
    }

    @Override
    CompletionStage<Void> dispose() {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        if (disposed) {
            return done;
        }
        disposed = true;
        if (session.isDisposed()) {
            declared.clear();
            return done; // closing the engine session or connection rolls back what is still open
        }
        for (Binary txnId : declared) {
            Transaction tx = session.connection().removeTransaction(txnId);
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        }
        declared.clear();
        return done;
    }
}
