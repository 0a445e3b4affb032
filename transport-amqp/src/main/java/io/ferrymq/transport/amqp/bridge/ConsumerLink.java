package io.ferrymq.transport.amqp.bridge;

import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.QueueInfo;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.api.Transaction;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer: the client's receiving link, our {@link Sender}, on one engine {@link Consumer}. Link credit becomes
 * engine credit ({@link Consumer#flow}), drain becomes {@link Consumer#drain} and is echoed when the engine has
 * drained; deliveries are encoded by the mapper and sent pre-settled (sender settle mode settled: at-most-once, the
 * engine auto-accepts) or unsettled, in which case the peer's outcome settles them in the engine (AMQP 1.0 §3.4).
 *
 * <p>Not thread safe: every method, including the {@link DeliverySink} callbacks, runs on the connection's event
 * loop.
 */
final class ConsumerLink extends ProtonLink implements DeliverySink {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLink.class);

    private final Sender sender;
    private Consumer consumer;
    /** The consumer being closed, to hand back deliveries the engine dispatched before it saw the close. */
    private Consumer closingConsumer;
    private boolean peerClosed;
    private boolean presettled;
    private int engineCredit;
    private boolean draining;
    private boolean disposed;
    /** For a durable subscription: who it belongs to, so that closing the link (closed=true) deletes it. */
    private String subscriptionClientId;
    private String subscriptionName;
    private boolean durable;
    private String dynamicQueue;
    private Outcome defaultOutcome = Outcome.FAILED;

    ConsumerLink(SessionBridge session, Sender sender) {
        super(session, sender);
        this.sender = sender;
    }

    @Override
    void attach() {
        presettled = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        sender.setSenderSettleMode(presettled ? SenderSettleMode.SETTLED : SenderSettleMode.UNSETTLED);
        sender.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        sender.setTarget(sender.getRemoteTarget());
        if (!(sender.getRemoteSource() instanceof Source source)) {
            reattachForUnsubscribe();
            return;
        }
        if (source.getDefaultOutcome() instanceof DeliveryState state) {
            Outcome o = outcome(state);
            if (o != null) {
                defaultOutcome = o;
            }
        }
        if (source.getDynamic()) {
            String name = session.connection().temporaryName();
            session.engine().createTemporaryQueue(name, RoutingType.ANYCAST).whenComplete((q, failure) -> {
                if (failure != null) {
                    refuse(Conditions.of(failure));
                    return;
                }
                dynamicQueue = name;
                Source answer = copy(source, name);
                subscribe(SubscriptionSpec.queue(name).autoAccept(presettled).build(), answer);
            });
            return;
        }
        String address = source.getAddress();
        if (address == null || address.isEmpty()) {
            refuse(Conditions.of(Conditions.INVALID_FIELD, "a consumer link needs a source address"));
            return;
        }
        Filters filters = Filters.parse(source.getFilter());
        Destination.Kind kind = Capabilities.kind(source.getCapabilities());
        if (kind != null && kind.isTemporary() && session.engine().queryAddress(address).isEmpty()) {
            refuse(Conditions.of(Conditions.NOT_FOUND, "temporary destination " + address + " does not exist"));
            return;
        }
        if (kind == null && isTopicAddress(address)) {
            kind = Destination.Kind.TOPIC; // a client that names no node type (rhea, Proton): the address's kind
        }
        SubscriptionSpec.Builder spec;
        boolean browse = false;
        if (kind != null && kind.routingType() == RoutingType.MULTICAST) {
            spec = SubscriptionSpec.topic(address);
            boolean isDurable = source.getDurable() != null && source.getDurable() != TerminusDurability.NONE;
            boolean shared = Capabilities.has(source.getCapabilities(), Capabilities.SHARED);
            if (isDurable || shared) {
                SubscriptionName name = SubscriptionName.of(sender.getName(), source.getCapabilities());
                String clientId = name.global() ? null : session.connection().containerId();
                if (isDurable) {
                    spec.durable(clientId, name.name()).shared(shared);
                    if (source.getExpiryPolicy() != TerminusExpiryPolicy.NEVER && source.getTimeout() != null
                            && source.getTimeout().longValue() > 0) {
                        spec.expiryDelay(source.getTimeout().longValue() * 1000);
                    }
                    durable = true;
                    subscriptionClientId = clientId;
                    subscriptionName = name.name();
                } else {
                    spec.named(clientId, name.name()).shared(true);
                }
            }
        } else {
            browse = Capabilities.COPY.equals(source.getDistributionMode());
            spec = SubscriptionSpec.queue(address).browseOnly(browse);
        }
        // a browser's deliveries are settled by the engine already; they must never be auto-accepted (consumed)
        spec.filter(filters.selector()).noLocal(filters.noLocal()).autoAccept(presettled && !browse);
        Source answer = copy(source, address);
        answer.setFilter(filters.accepted());
        SubscriptionSpec built;
        try {
            built = spec.build();
        } catch (IllegalArgumentException e) {
            refuse(Conditions.of(Conditions.INVALID_FIELD, e.getMessage()));
            return;
        }
        subscribe(built, answer);
    }

    /** Whether the address exists and takes multicast only, so that a consumer without capabilities subscribes. */
    private boolean isTopicAddress(String address) {
        return session.engine().queryAddress(address)
                .map(a -> a.routingTypes().equals(Set.of(RoutingType.MULTICAST)))
                .orElse(false);
    }

    private static Source copy(Source source, String address) {
        Source answer = new Source();
        answer.setAddress(address);
        answer.setDynamic(source.getDynamic());
        answer.setDurable(source.getDurable());
        answer.setExpiryPolicy(source.getExpiryPolicy());
        answer.setTimeout(source.getTimeout());
        answer.setDistributionMode(source.getDistributionMode());
        answer.setCapabilities(source.getCapabilities());
        answer.setDefaultOutcome(source.getDefaultOutcome());
        answer.setOutcomes(source.getOutcomes());
        answer.setDynamicNodeProperties(source.getDynamicNodeProperties());
        return answer;
    }

    private void subscribe(SubscriptionSpec spec, Source answer) {
        session.engine().subscribe(spec, this).whenComplete((c, failure) -> {
            if (failure != null) {
                refuse(Conditions.of(failure));
                return;
            }
            if (disposed) {
                c.close();
                return;
            }
            consumer = c;
            sender.setSource(answer);
            sender.open();
            onFlow();
            session.pump();
        });
    }

    /**
     * An attach with a null source names an existing durable subscription by its link name: Qpid JMS's unsubscribe
     * reattaches that way and then closes the link. Answer with the subscription's source, or refuse with not-found.
     */
    private void reattachForUnsubscribe() {
        SubscriptionName name = SubscriptionName.of(sender.getName(), sender.getRemoteDesiredCapabilities());
        String clientId = name.global() ? null : session.connection().containerId();
        String queueName = clientId == null ? name.name() : clientId + "." + name.name();
        Optional<QueueInfo> queue = session.engine().queryQueue(queueName);
        if (queue.isEmpty() || !queue.get().durable()) {
            refuse(Conditions.of(Conditions.NOT_FOUND, "no durable subscription " + name.name()));
            return;
        }
        Source answer = new Source();
        answer.setAddress(queue.get().address());
        answer.setDurable(TerminusDurability.UNSETTLED_STATE);
        answer.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
        answer.setCapabilities(Capabilities.TOPIC);
        durable = true;
        subscriptionClientId = clientId;
        subscriptionName = name.name();
        sender.setSource(answer);
        sender.open();
    }

    @Override
    void onFlow() {
        if (consumer == null || disposed) {
            return;
        }
        int credit = sender.getCredit();
        if (credit > engineCredit) {
            consumer.flow(credit - engineCredit);
            engineCredit = credit;
        }
        if (sender.getDrain() && !draining) {
            if (credit <= 0) {
                sender.drained();
            } else {
                draining = true;
                consumer.drain();
            }
        }
    }

    @Override
    public void deliver(io.ferrymq.addressing.api.Delivery delivery) {
        LOG.debug("link {} delivers {} (count {}), credit {}", sender.getName(), delivery.tag(),
                delivery.deliveryCount(), sender.getCredit());
        engineCredit--;
        if (disposed || link.getLocalState() == EndpointState.CLOSED) {
            // dispatched while the link was going: give it back untouched rather than leave it with a dead link
            Consumer c = closingConsumer != null ? closingConsumer : consumer;
            if (c != null && !delivery.settled()) {
                c.settle(delivery.tag(), Outcome.RELEASED);
            }
            return;
        }
        if (sender.getCredit() <= 0 && consumer != null && !delivery.settled()) {
            // The peer lowered its credit below what the engine was given (AMQP 1.0 §2.6.7 allows it; the engine
            // cannot take credit back): hand the message back untouched rather than hold it unsent on the link.
            consumer.settle(delivery.tag(), Outcome.RELEASED);
            return;
        }
        GrowableBuffer buffer = new GrowableBuffer(delivery.message().estimatedSize());
        session.connection().mapper().encode(delivery.message(), delivery.deliveryCount(), buffer);
        Delivery d = sender.delivery(tag(delivery.tag()));
        sender.send(buffer.array(), 0, buffer.length());
        if (presettled || delivery.settled()) {
            d.settle();
        } else {
            d.setContext(delivery.tag());
        }
        sender.advance();
        session.pump();
    }

    @Override
    public void drained() {
        draining = false;
        engineCredit = 0;
        if (!disposed && isOpen()) {
            sender.drained();
            session.pump();
        }
    }

    @Override
    public void closed(EngineException cause) {
        consumer = null;
        closeWith(Conditions.of(cause));
    }

    /** The peer's disposition on one of our deliveries: settle it in the engine with the mapped outcome. */
    @Override
    void onDelivery(Delivery delivery) {
        if (!(delivery.getContext() instanceof Long tag) || consumer == null) {
            return;
        }
        DeliveryState state = delivery.getRemoteState();
        Transaction transaction = null;
        if (state instanceof TransactionalState ts) {
            Binary txnId = ts.getTxnId();
            transaction = session.connection().transaction(txnId);
            if (transaction == null) {
                closeWith(Conditions.of(Conditions.UNKNOWN_TRANSACTION, "unknown transaction " + txnId));
                return;
            }
            state = ts.getOutcome() instanceof DeliveryState o ? o : null;
        }
        Outcome outcome = state == null ? null : outcome(state);
        if (outcome == null) {
            if (!delivery.remotelySettled()) {
                return; // a non-terminal state (received): wait for the outcome
            }
            outcome = defaultOutcome;
        }
        delivery.setContext(null);
        LOG.debug("link {} settles delivery {} with {}", sender.getName(), tag, outcome);
        consumer.settle(tag, outcome, transaction);
        delivery.settle();
    }

    /** AMQP outcomes (§3.4) onto the engine's. */
    static Outcome outcome(DeliveryState state) {
        if (state instanceof Accepted) {
            return Outcome.ACCEPTED;
        }
        if (state instanceof Released) {
            return Outcome.RELEASED;
        }
        if (state instanceof Rejected r) {
            return Outcome.rejected(r.getError() == null ? null : r.getError().getDescription());
        }
        if (state instanceof Modified m) {
            return Outcome.modified(Boolean.TRUE.equals(m.getDeliveryFailed()),
                    Boolean.TRUE.equals(m.getUndeliverableHere()));
        }
        return null;
    }

    static byte[] tag(long tag) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) tag;
            tag >>>= 8;
        }
        return b;
    }

    @Override
    void remoteDetach(boolean closed) {
        LOG.debug("link {} detached by the peer, closed={}", sender.getName(), closed);
        peerClosed = true;
        CompletionStage<Void> afterClose = dispose();
        if (closed && durable) {
            // AMQP JMS Mapping: closing (not detaching) a durable subscription's link unsubscribes
            afterClose.thenCompose(v -> session.engine().deleteSubscription(subscriptionClientId, subscriptionName))
                    .whenComplete((v, failure) -> {
                        if (failure != null && sender.getLocalState() != EndpointState.CLOSED) {
                            sender.setCondition(Conditions.of(failure));
                        }
                        answerDetach(true);
                        session.pump();
                    });
            return;
        }
        // answer once the engine consumer is gone, so that what the client does next (unsubscribe, a new
        // consumer on an exclusive subscription) finds it gone
        afterClose.whenComplete((v, failure) -> {
            answerDetach(closed);
            session.pump();
        });
    }

    @Override
    CompletionStage<Void> dispose() {
        if (disposed || consumer == null) {
            disposed = true;
            return CompletableFuture.completedFuture(null);
        }
        disposed = true;
        Consumer c = consumer;
        consumer = null;
        closingConsumer = c;
        // Artemis's rule: when the peer ends the link, session or connection in order, what it left unsettled was
        // not a failed attempt (it settles what its application saw, as Qpid JMS does with modified); when the
        // connection fails, every unsettled delivery counts as one.
        boolean orderly = peerClosed || session.closedByPeer() || session.connection().closedByPeer();
        CompletionStage<Void> closed = orderly ? c.close(-1) : c.close();
        if (dynamicQueue != null && !session.isDisposed()) {
            closed.thenRun(() -> session.engine().deleteQueue(dynamicQueue));
        }
        return closed;
    }

    /**
     * The subscription name in a Qpid JMS link name: the name up to {@code |} ({@code name|global},
     * {@code name|volatile1}, {@code name|global-volatile1}); global when the capabilities or the suffix say so.
     */
    record SubscriptionName(String name, boolean global) {
        static SubscriptionName of(String linkName, Symbol[] capabilities) {
            int bar = linkName.indexOf('|');
            String name = bar < 0 ? linkName : linkName.substring(0, bar);
            String suffix = bar < 0 ? "" : linkName.substring(bar + 1);
            boolean global = Capabilities.has(capabilities, Capabilities.GLOBAL) || suffix.startsWith("global");
            return new SubscriptionName(name, global);
        }
    }
}
