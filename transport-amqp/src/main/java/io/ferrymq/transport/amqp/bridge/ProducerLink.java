package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.AddressInfo;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.transport.amqp.mapping.AmqpMessageMapper.MalformedMessageException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.codec.ReadableBuffer;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer: the client's sending link, our {@link Receiver}. Each complete transfer is decoded by the mapper and
 * sent to the engine; an unsettled transfer is settled (accepted, or rejected with the engine's error) only once
 * the engine has routed it and, if durable, synced it. The target is a named node (with the node type from its
 * capabilities), the anonymous relay (null address: each message's {@code to}), or a dynamic node (a temporary
 * queue or topic, deleted when the link closes).
 *
 * <p>Credit is granted in batches of {@link #CREDIT_WINDOW}: topped up when the credit plus the sends the engine
 * has not yet confirmed fall to half the window, so a slow engine (a lagging journal) holds the producer back.
 *
 * <p>Not thread safe: called on the connection's event loop.
 */
final class ProducerLink extends ProtonLink {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerLink.class);

    static final int CREDIT_WINDOW = 1000;

    private final Receiver receiver;
    private String address;
    private RoutingType routingType;
    private String dynamicNode;
    private Destination.Kind dynamicKind;
    private int unconfirmed;
    private long granted;
    private long transfers;
    private boolean disposed;

    ProducerLink(SessionBridge session, Receiver receiver) {
        super(session, receiver);
        this.receiver = receiver;
    }

    @Override
    void attach() {
        if (!(receiver.getRemoteTarget() instanceof Target target)) {
            refuse(Conditions.of(Conditions.INVALID_FIELD, "a producer link needs a target"));
            return;
        }
        receiver.setSource(receiver.getRemoteSource());
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        Destination.Kind kind = Capabilities.kind(target.getCapabilities());
        if (target.getDynamic()) {
            createDynamic(target, kind == null ? Destination.Kind.TEMPORARY_QUEUE : kind);
            return;
        }
        address = target.getAddress();
        if (address == null) {
            open(target); // the anonymous relay: every message names its address in "to"
            return;
        }
        routingType = kind == null ? null : kind.routingType();
        if (kind != null && kind.isTemporary() && session.engine().queryAddress(address).isEmpty()) {
            refuse(Conditions.of(Conditions.NOT_FOUND, "temporary destination " + address + " does not exist"));
            return;
        }
        open(target);
    }

    private void createDynamic(Target target, Destination.Kind kind) {
        String name = session.connection().temporaryName();
        CompletionStage<?> created = kind == Destination.Kind.TEMPORARY_TOPIC || kind == Destination.Kind.TOPIC
                ? session.engine().createTemporaryTopic(name)
                : session.engine().createTemporaryQueue(name, RoutingType.ANYCAST);
        created.whenComplete((info, failure) -> {
            if (failure != null) {
                refuse(Conditions.of(failure));
                return;
            }
            dynamicNode = name;
            dynamicKind = info instanceof AddressInfo ? Destination.Kind.TEMPORARY_TOPIC
                    : Destination.Kind.TEMPORARY_QUEUE;
            address = name;
            routingType = dynamicKind.routingType();
            Target answer = new Target();
            answer.setAddress(name);
            answer.setDynamic(true);
            answer.setCapabilities(target.getCapabilities());
            answer.setDurable(target.getDurable());
            answer.setExpiryPolicy(target.getExpiryPolicy());
            answer.setDynamicNodeProperties(target.getDynamicNodeProperties());
            open(answer);
            session.pump();
        });
    }

    private void open(Target target) {
        receiver.setTarget(target);
        receiver.setMaxMessageSize(UnsignedLong.valueOf(session.connection().maxMessageSize()));
        receiver.open();
        grant(CREDIT_WINDOW);
    }

    @Override
    void onDelivery(Delivery delivery) {
        if (delivery.getContext() != null || disposed) {
            return; // already taken (this event is the peer settling it) or the link is going
        }
        if (delivery.isAborted()) {
            // AMQP 1.0 §2.6.14: an aborted transfer is discarded
            delivery.setContext(Boolean.TRUE);
            if (!withinCredit()) {
                return;
            }
            receiver.advance();
            delivery.settle();
            topUp();
            return;
        }
        if (delivery.pending() > session.connection().maxMessageSize()) {
            // AMQP 1.0 §2.7.3: the link announced max-message-size; a larger message ends the link
            LOG.warn("FA2005 link {} closed: a message of more than {} bytes", receiver.getName(),
                    session.connection().maxMessageSize());
            delivery.setContext(Boolean.TRUE);
            closeWith(Conditions.of(Conditions.MESSAGE_SIZE_EXCEEDED, "a message larger than "
                    + session.connection().maxMessageSize() + " bytes"));
            return;
        }
        if (!delivery.isReadable() || delivery.isPartial()) {
            return; // more frames of this transfer to come
        }
        delivery.setContext(Boolean.TRUE);
        if (!withinCredit()) {
            return;
        }
        ReadableBuffer payload = receiver.recv();
        Message.Builder builder;
        try {
            builder = session.connection().mapper().decode(payload);
        } catch (MalformedMessageException | RuntimeException e) {
            receiver.advance();
            LOG.debug("undecodable message on link {}", receiver.getName(), e);
            settle(delivery, rejected(Conditions.of(Conditions.DECODE_ERROR, e.getMessage())), null);
            topUp();
            return;
        }
        receiver.advance();
        Binary txnId = null;
        Transaction transaction = null;
        if (delivery.getRemoteState() instanceof TransactionalState ts) {
            txnId = ts.getTxnId();
            transaction = session.connection().transaction(txnId);
            if (transaction == null) {
                settle(delivery, rejected(Conditions.of(Conditions.UNKNOWN_TRANSACTION,
                        "unknown transaction " + txnId)), null);
                topUp();
                return;
            }
        }
        if (address != null) {
            builder.address(address).routingType(routingType);
        }
        Message message;
        try {
            message = builder.build();
        } catch (NullPointerException e) {
            settle(delivery, rejected(Conditions.of(Conditions.INVALID_FIELD,
                    "a message on the anonymous relay needs a 'to' address")), txnId);
            topUp();
            return;
        }
        unconfirmed++;
        Binary tx = txnId;
        session.engine().send(message, transaction).whenComplete((result, failure) -> {
            unconfirmed--;
            if (disposed) {
                return;
            }
            settle(delivery, failure == null ? Accepted.getInstance() : rejected(Conditions.of(failure)), tx);
            topUp();
            session.pump();
        });
        topUp();
    }

    private static Rejected rejected(ErrorCondition condition) {
        Rejected rejected = new Rejected();
        rejected.setError(condition);
        return rejected;
    }

    /** Settles a transfer with its outcome, inside a transactional state when it belongs to a transaction. */
    private void settle(Delivery delivery, DeliveryState outcome, Binary txnId) {
        if (link.getLocalState() == EndpointState.CLOSED) {
            return;
        }
        if (!delivery.remotelySettled()) {
            if (txnId != null) {
                TransactionalState state = new TransactionalState();
                state.setTxnId(txnId);
                state.setOutcome((org.apache.qpid.proton.amqp.messaging.Outcome) outcome);
                delivery.disposition(state);
            } else {
                delivery.disposition(outcome);
            }
        }
        delivery.settle();
    }

    private void grant(int credit) {
        granted += credit;
        receiver.flow(credit);
    }

    /**
     * Counts a new transfer against the credit ever granted: more transfers than that is the peer ignoring link
     * credit (AMQP 1.0 §2.6.7), answered with a detach carrying amqp:link:transfer-limit-exceeded.
     */
    private boolean withinCredit() {
        if (++transfers <= granted) {
            return true;
        }
        LOG.warn("FA2004 link {} closed: the peer sent more transfers than the {} credits granted",
                receiver.getName(), granted);
        closeWith(Conditions.of(Conditions.TRANSFER_LIMIT_EXCEEDED, "more transfers than the link credit allows"));
        return false;
    }

    private void topUp() {
        if (!isOpen()) {
            return;
        }
        int outstanding = receiver.getCredit() + unconfirmed;
        if (outstanding <= CREDIT_WINDOW / 2) {
            grant(CREDIT_WINDOW - outstanding);
        }
    }

    @Override
    void remoteDetach(boolean closed) {
        // answer once a dynamic node is deleted, so that the client's next attach to it is refused
        dispose().whenComplete((v, failure) -> {
            answerDetach(closed);
            session.pump();
        });
    }

    @Override
    CompletionStage<Void> dispose() {
        if (disposed) {
            return CompletableFuture.completedFuture(null);
        }
        disposed = true;
        if (dynamicNode != null && !session.isDisposed()) {
            // expiry-policy link-detach with delete-on-close (AMQP 1.0 §3.5.10): the node goes with the link; a
            // failure (a temporary queue that still has consumers) leaves it to the connection's end
            CompletionStage<Void> deleted = dynamicKind == Destination.Kind.TEMPORARY_TOPIC
                    ? session.engine().deleteAddress(dynamicNode)
                    : session.engine().deleteQueue(dynamicNode);
            return deleted.exceptionally(failure -> null);
        }
        return CompletableFuture.completedFuture(null);
    }
}
