package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.address.AddressPattern;
import io.ferrymq.addressing.address.QueueName;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.filter.MessageFilter;
import io.ferrymq.addressing.security.Permission;
import io.ferrymq.addressing.security.Principal;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a {@link SubscriptionSpec} into a consumer on a queue, creating the queue a subscription needs:
 *
 * <ul>
 *   <li>queue consumer: the named queue (or {@code address::queue}); auto-created as an anycast queue when the
 *       settings allow; the spec's filter is the consumer's own selector;</li>
 *   <li>private subscription: a non-durable multicast queue bound to the address or pattern, owned by the
 *       consumer and deleted with it;</li>
 *   <li>named subscription: the queue {@code clientId.name} (or {@code name}); durable ones outlive their
 *       consumers, shared ones take several consumers. Re-subscribing with another address or selector replaces
 *       an idle durable subscription (JMS 2.0 §8.3.2).</li>
 * </ul>
 *
 * Thread safe; called on the transport's thread.
 */
final class Subscriptions {

    private final EngineContext ctx;

    Subscriptions(EngineContext ctx) {
        this.ctx = ctx;
    }

    CompletableFuture<ServerConsumer> subscribe(ServerSession session, SubscriptionSpec spec, DeliverySink sink) {
        Objects.requireNonNull(sink, "sink");
        if (spec.routingType() == RoutingType.ANYCAST) {
            return consumeQueue(session, spec, sink);
        }
        return subscribeTopic(session, spec, sink);
    }

    private CompletableFuture<ServerConsumer> consumeQueue(
            ServerSession session, SubscriptionSpec spec, DeliverySink sink) {
        Principal principal = session.connection.principal;
        MessageFilter filter = MessageFilter.parse(spec.filter());
        QueueName fqqn = QueueName.parse(spec.address());
        String queueName = fqqn != null ? fqqn.queue() : spec.address();
        ServerQueue queue = ctx.postOffice.queue(queueName);
        CompletableFuture<?> created = CompletableFuture.completedFuture(null);
        if (queue == null) {
            String address = fqqn != null ? fqqn.address() : queueName;
            AddressSettings settings = ctx.settings(address);
            if (fqqn != null || !Boolean.TRUE.equals(settings.autoCreateQueues())) {
                throw new EngineException(EngineException.Kind.QUEUE_NOT_FOUND, "queue " + spec.address() + " does not exist");
            }
            if (AddressPattern.isWildcard(address)) {
                throw new EngineException(
                        EngineException.Kind.INVALID_ARGUMENT, "a queue name cannot hold wildcards: " + address);
            }
            ctx.security.authorize(principal, Permission.CONSUME, address);
            if (ctx.postOffice.address(address) == null) {
                if (!Boolean.TRUE.equals(settings.autoCreateAddresses())) {
                    throw new EngineException(EngineException.Kind.ADDRESS_NOT_FOUND, "address " + address + " does not exist");
                }
                ctx.security.authorize(principal, Permission.CREATE_ADDRESS, address);
            }
            ctx.security.authorize(principal, Permission.CREATE_DURABLE_QUEUE, address);
            ctx.postOffice.declareAddress(address, RoutingType.ANYCAST, true);
            created = ctx.router.autoCreateQueue(address, settings);
            queue = ctx.postOffice.queue(queueName);
        } else if (fqqn != null && !queue.address.equals(fqqn.address())) {
            throw new EngineException(EngineException.Kind.QUEUE_NOT_FOUND, "no queue " + fqqn);
        }
        ctx.security.authorize(principal, spec.browseOnly() ? Permission.BROWSE : Permission.CONSUME, queue.address);
        if (queue.definition.temporary() && queue.owner != null && queue.owner != session.connection) {
            throw new EngineException(
                    EngineException.Kind.NOT_AUTHORIZED, "temporary queue " + queueName + " belongs to another connection");
        }
        if (!ctx.postOffice.reserveConsumer(queue)) {
            // auto-deleted since the look-up (its last consumer had just gone): look it up again, creating it anew
            return consumeQueue(session, spec, sink);
        }
        ServerQueue reserved = queue;
        ServerConsumer consumer = new ServerConsumer(
                queue, session, sink, filter, spec.priority(), spec.exclusive(), spec.browseOnly(), spec.autoAccept(),
                false);
        return created
                .whenComplete((v, t) -> {
                    if (t != null) {
                        reserved.attaching.decrementAndGet();
                    }
                })
                .thenApply(v -> {
                    session.consumerOpened(consumer);
                    reserved.executor.execute(() -> {
                        reserved.addConsumer(consumer);
                        reserved.attaching.decrementAndGet();
                    });
                    return consumer;
                });
    }

    private CompletableFuture<ServerConsumer> subscribeTopic(
            ServerSession session, SubscriptionSpec spec, DeliverySink sink) {
        ServerConnection connection = session.connection;
        Principal principal = connection.principal;
        String address = spec.address();
        MessageFilter.parse(spec.filter()); // validate before creating anything
        ctx.security.authorize(principal, Permission.CONSUME, address);
        boolean pattern = AddressPattern.isWildcard(address);
        CompletableFuture<?> addressReady = CompletableFuture.completedFuture(null);
        if (!pattern) {
            AddressEntry entry = ctx.postOffice.address(address);
            if (entry == null || !entry.supports(RoutingType.MULTICAST)) {
                if (!Boolean.TRUE.equals(ctx.settings(address).autoCreateAddresses())) {
                    throw new EngineException(
                            entry == null ? EngineException.Kind.ADDRESS_NOT_FOUND : EngineException.Kind.ROUTING_TYPE_MISMATCH,
                            "address " + address + (entry == null ? " does not exist" : " is not multicast"));
                }
                ctx.security.authorize(principal, Permission.CREATE_ADDRESS, address);
                addressReady = ctx.postOffice.declareAddress(address, RoutingType.MULTICAST, true);
            }
        }
        String noLocalKey = spec.noLocal() ? connection.noLocalKey() : null;
        String queueName = spec.subscriptionQueueName();
        if (queueName == null) {
            ctx.security.authorize(principal, Permission.CREATE_NON_DURABLE_QUEUE, address);
            QueueDefinition def = new QueueDefinition(
                    "sub." + connection.id + "." + ctx.nextLocalId(), address, RoutingType.MULTICAST, false, false,
                    true, spec.filter(), null, null, null, false, noLocalKey, -1, -1);
            return addressReady
                    .thenCompose(v -> ctx.postOffice.createQueue(def))
                    .thenApply(q -> attach(session, newConsumer(q, session, spec, sink, true)));
        }
        return addressReady.thenCompose(v -> namedSubscription(session, spec, sink, queueName, noLocalKey));
    }

    private CompletableFuture<ServerConsumer> namedSubscription(
            ServerSession session, SubscriptionSpec spec, DeliverySink sink, String queueName, String noLocalKey) {
        Principal principal = session.connection.principal;
        ServerQueue existing = ctx.postOffice.queue(queueName);
        CompletableFuture<Void> removed = CompletableFuture.completedFuture(null);
        if (existing != null) {
            boolean same = existing.address.equals(spec.address())
                    && Objects.equals(existing.definition.filter(), spec.filter())
                    && existing.durable == spec.durable()
                    && existing.routingType == RoutingType.MULTICAST;
            if (same) {
                if (!spec.shared() && !existing.definition.shared() && existing.consumerCount > 0) {
                    throw new EngineException(
                            EngineException.Kind.QUEUE_IN_USE, "subscription " + queueName + " already has a consumer");
                }
                CompletableFuture<Void> limits = ctx.postOffice.updateLimits(
                        existing, spec.expiryDelayMillis(), spec.maxMessages());
                return limits.thenApply(v -> attach(session, newConsumer(existing, session, spec, sink, false)));
            }
            if (existing.consumerCount > 0) {
                throw new EngineException(
                        EngineException.Kind.QUEUE_IN_USE,
                        "subscription " + queueName + " is in use with another address or selector");
            }
            // JMS 2.0 §8.3.2: a new topic or selector for a durable subscription is an unsubscribe and a new one
            ctx.security.authorize(
                    principal,
                    existing.durable ? Permission.DELETE_DURABLE_QUEUE : Permission.DELETE_NON_DURABLE_QUEUE,
                    existing.address);
            removed = ctx.postOffice.deleteQueue(existing, true);
        }
        ctx.security.authorize(
                principal,
                spec.durable() ? Permission.CREATE_DURABLE_QUEUE : Permission.CREATE_NON_DURABLE_QUEUE,
                spec.address());
        QueueDefinition def = new QueueDefinition(
                queueName, spec.address(), RoutingType.MULTICAST, spec.durable(), false, false, spec.filter(), null,
                spec.clientId(), spec.subscriptionName(), spec.shared(), noLocalKey, spec.expiryDelayMillis(),
                spec.maxMessages());
        return removed.thenCompose(v -> createOrJoin(def))
                .thenApply(q -> attach(session, newConsumer(q, session, spec, sink, false)));
    }

    /** Creates a subscription queue; when a concurrent subscriber created it first, joins that one. */
    private CompletableFuture<ServerQueue> createOrJoin(QueueDefinition def) {
        try {
            return ctx.postOffice.createQueue(def);
        } catch (EngineException e) {
            ServerQueue q = ctx.postOffice.queue(def.name());
            if (e.kind() == EngineException.Kind.QUEUE_EXISTS && q != null && def.shared()) {
                return CompletableFuture.completedFuture(q);
            }
            throw e;
        }
    }

    private static ServerConsumer newConsumer(
            ServerQueue queue, ServerSession session, SubscriptionSpec spec, DeliverySink sink, boolean owns) {
        return new ServerConsumer(
                queue, session, sink, null, spec.priority(), spec.exclusive(), false, spec.autoAccept(), owns);
    }

    private static ServerConsumer attach(ServerSession session, ServerConsumer consumer) {
        session.consumerOpened(consumer);
        consumer.queue.executor.execute(() -> consumer.queue.addConsumer(consumer));
        return consumer;
    }
}
