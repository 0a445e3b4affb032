package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.address.AddressPattern;
import io.ferrymq.addressing.address.QueueName;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SendResult;
import io.ferrymq.addressing.security.Permission;
import io.ferrymq.addressing.security.Principal;
import io.ferrymq.addressing.settings.AddressFullPolicy;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The send path: resolves the target (fully qualified queue names, auto-creation under the address settings and
 * the sender's permissions), applies the address's memory limit, routes, journals durable references and hands
 * the references to their queues.
 *
 * <p>Routing is synchronous on the caller's thread, so messages of one producer reach a queue in the order they
 * were sent; only the journal write is asynchronous. Thread safe.
 */
final class Router {

    /** Routing attempts before a message goes to a queue that is being deleted (and is dropped there). */
    private static final int MAX_ROUTE_ATTEMPTS = 1000;

    /** The outcome of routing one message. */
    record Routed(StoredMessage message, List<MessageReference> refs, long[] storedQueueIds) {
        boolean isEmpty() {
            return refs.isEmpty();
        }
    }

    private final EngineContext ctx;

    Router(EngineContext ctx) {
        this.ctx = ctx;
    }

    /** Sends a message for a session; the future completes when it is routed and, if durable, synced. */
    CompletableFuture<SendResult> send(ServerSession session, Message message, ServerTransaction tx) {
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<SendResult> sent = sendOnce(session, message, tx, attempt < MAX_ROUTE_ATTEMPTS);
            if (sent != null) {
                return sent;
            }
            Thread.onSpinWait(); // a target queue was being deleted: route again, without it (or to its successor)
        }
    }

    /** One attempt; null when a target queue was being deleted and {@code retry} allows another attempt. */
    private CompletableFuture<SendResult> sendOnce(
            ServerSession session, Message message, ServerTransaction tx, boolean retry) {
        ServerConnection connection = session.connection;
        String target = message.address();
        if (target == null || target.isEmpty()) {
            throw new EngineException(EngineException.Kind.INVALID_ARGUMENT, "the message has no address");
        }
        QueueName fqqn = QueueName.parse(target);
        String address = fqqn != null ? fqqn.address() : target;
        if (AddressPattern.isWildcard(address)) {
            throw new EngineException(
                    EngineException.Kind.INVALID_ARGUMENT, "cannot send to the wildcard address " + address);
        }
        Principal principal = connection.principal;
        ctx.security.authorize(principal, Permission.SEND, address);
        if (message.durable() && message.estimatedSize() > ctx.store.maxDurableMessageSize()) {
            throw new EngineException(EngineException.Kind.RESOURCE_LIMIT, "a durable message of about "
                    + message.estimatedSize() + " bytes is larger than the journal's largest record ("
                    + ctx.store.maxDurableMessageSize() + " bytes; raise journal.fileSize)");
        }
        AddressSettings settings = ctx.settings(address);
        List<CompletableFuture<?>> creations = new ArrayList<>(1);
        AddressEntry entry = resolve(principal, address, message.routingType(), settings, fqqn == null, creations);

        long limit = settings.maxSizeBytes() == null ? -1 : settings.maxSizeBytes();
        boolean overLimit = limit >= 0 && entry.memory() + message.estimatedSize() > limit;
        if (overLimit) {
            AddressFullPolicy policy = settings.addressFullPolicy();
            if (policy == AddressFullPolicy.FAIL) {
                throw new EngineException(
                        EngineException.Kind.ADDRESS_FULL, "address " + address + " is full (" + limit + " bytes)");
            }
            if (policy == AddressFullPolicy.DROP) {
                return CompletableFuture.completedFuture(SendResult.DROPPED);
            }
        }

        List<ServerQueue> queues;
        if (fqqn != null) {
            ServerQueue q = ctx.postOffice.queue(fqqn.queue());
            if (q == null || !q.address.equals(address)) {
                throw new EngineException(EngineException.Kind.QUEUE_NOT_FOUND, "no queue " + fqqn);
            }
            queues = List.of(q);
        } else {
            queues = null;
        }
        Routed routed = route(entry, queues, message.routingType(), message, connection.id, connection.clientId);
        if (retry && (deletingTarget(routed) || lostItsQueue(routed, entry, address, message.routingType(), settings,
                fqqn == null))) {
            for (MessageReference ref : routed.refs()) {
                ref.queue.pendingRoutes.decrementAndGet();
            }
            entry.releaseMemory(message.estimatedSize());
            return null;
        }
        if (overLimit) {
            entry.block(connection, limit);
        }
        SendResult result = new SendResult(routed.refs().size(), false);
        CompletableFuture<Void> created = CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new));
        if (routed.isEmpty()) {
            return created.thenApply(v -> result);
        }
        if (tx != null) {
            tx.addSend(new ServerTransaction.PendingSend(routed.message(), routed.refs(), routed.storedQueueIds()));
            return created.thenApply(v -> result);
        }
        CompletableFuture<Void> write;
        if (routed.storedQueueIds().length > 0) {
            connection.durableSendStarted();
            write = ctx.store.addMessage(routed.message().id, message, routed.storedQueueIds());
            write.whenComplete((v, e) -> connection.durableSendDone());
        } else {
            write = CompletableFuture.completedFuture(null);
        }
        for (MessageReference ref : routed.refs()) {
            ref.queue.enqueue(ref);
        }
        return CompletableFuture.allOf(created, write).thenApply(v -> result);
    }

    /**
     * Finds the address, creating it (and an anycast queue of the same name) when the settings allow and the
     * principal may.
     */
    private AddressEntry resolve(
            Principal principal,
            String address,
            RoutingType type,
            AddressSettings settings,
            boolean createQueue,
            List<CompletableFuture<?>> creations) {
        AddressEntry entry = ctx.postOffice.address(address);
        RoutingType wanted = type != null ? type : settings.defaultRoutingType();
        if (entry == null || (type != null && !entry.supports(type))) {
            if (!Boolean.TRUE.equals(settings.autoCreateAddresses())) {
                throw new EngineException(
                        entry == null ? EngineException.Kind.ADDRESS_NOT_FOUND : EngineException.Kind.ROUTING_TYPE_MISMATCH,
                        entry == null
                                ? "address " + address + " does not exist"
                                : "address " + address + " does not support " + type);
            }
            ctx.security.authorize(principal, Permission.CREATE_ADDRESS, address);
            creations.add(ctx.postOffice.declareAddress(address, wanted, true));
            entry = ctx.postOffice.address(address);
        }
        boolean anycast = type == RoutingType.ANYCAST || (type == null && entry.supports(RoutingType.ANYCAST));
        if (createQueue && anycast && !hasAnycastQueue(entry) && Boolean.TRUE.equals(settings.autoCreateQueues())) {
            ctx.security.authorize(principal, Permission.CREATE_DURABLE_QUEUE, address);
            creations.add(autoCreateQueue(address, settings));
        }
        return entry;
    }

    /** Creates the anycast queue named after its address; a concurrent creation of the same queue is fine. */
    CompletableFuture<?> autoCreateQueue(String address, AddressSettings settings) {
        try {
            return ctx.postOffice.createQueue(QueueDefinition.plain(
                    address, address, RoutingType.ANYCAST, true, true, null, settings.lastValueKey()));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.QUEUE_EXISTS) {
                return CompletableFuture.completedFuture(null);
            }
            throw e;
        }
    }

    private static boolean hasAnycastQueue(AddressEntry entry) {
        for (ServerQueue q : entry.queues()) {
            if (q.routingType == RoutingType.ANYCAST) {
                return true;
            }
        }
        return false;
    }

    /**
     * Routes a message the engine itself sends (a scheduled delivery): no permission checks (they were made when
     * the message was accepted), the address and an anycast queue are created when missing. The caller enqueues.
     */
    Routed routeSystem(Message message) {
        QueueName fqqn = QueueName.parse(message.address());
        String address = fqqn != null ? fqqn.address() : message.address();
        AddressSettings settings = ctx.settings(address);
        RoutingType type = message.routingType();
        AddressEntry entry = ctx.postOffice.address(address);
        if (entry == null || (type != null && !entry.supports(type))) {
            ctx.postOffice.declareAddress(address, type != null ? type : settings.defaultRoutingType(), true);
            entry = ctx.postOffice.address(address);
        }
        boolean anycast = type == RoutingType.ANYCAST || (type == null && entry.supports(RoutingType.ANYCAST));
        if (fqqn == null && anycast && !hasAnycastQueue(entry) && Boolean.TRUE.equals(settings.autoCreateQueues())) {
            autoCreateQueue(address, settings);
        }
        List<ServerQueue> queues = null;
        if (fqqn != null) {
            ServerQueue q = ctx.postOffice.queue(fqqn.queue());
            queues = q == null || !q.address.equals(address) ? List.of() : List.of(q);
        }
        return route(entry, queues, type, message, null, null);
    }

    /**
     * Whether a message found no queue only because the queue that {@link #resolve} found or created was
     * auto-deleted before the routing (its address entry gone with it, or left without an anycast queue): routed
     * again, the send creates the queue anew instead of dropping the message.
     */
    private boolean lostItsQueue(
            Routed routed, AddressEntry entry, String address, RoutingType type, AddressSettings settings,
            boolean createQueue) {
        if (!routed.isEmpty() || !createQueue) {
            return false;
        }
        if (ctx.postOffice.address(address) != entry) {
            return true;
        }
        boolean anycast = type == RoutingType.ANYCAST || (type == null && entry.supports(RoutingType.ANYCAST));
        return anycast && !hasAnycastQueue(entry) && Boolean.TRUE.equals(settings.autoCreateQueues());
    }

    /**
     * Whether a target queue is being deleted. Read after the targets' {@link ServerQueue#pendingRoutes} went up;
     * an auto-delete sets {@link ServerQueue#deleting} before it reads pendingRoutes (see
     * {@link PostOffice#deleteUnlessAttaching}): either the deletion backs off or the send routes again, so a
     * message is never queued on a queue deleted under it (where it was dropped).
     */
    private static boolean deletingTarget(Routed routed) {
        for (MessageReference ref : routed.refs()) {
            if (ref.queue.deleting) {
                return true;
            }
        }
        return false;
    }

    /**
     * Routes a message to the queues of {@code entry} (or to {@code queues} when given) and makes its references.
     * The caller enqueues them or hands them to a transaction.
     */
    Routed route(
            AddressEntry entry,
            List<ServerQueue> queues,
            RoutingType type,
            Message message,
            String originConnectionId,
            String originClientId) {
        StoredMessage stored = new StoredMessage(ctx.store.nextId(), message, originConnectionId, originClientId);
        List<ServerQueue> targets = queues != null ? queues : ctx.postOffice.route(entry, type, stored);
        if (targets.isEmpty()) {
            return new Routed(stored, List.of(), new long[0]);
        }
        stored.accountedAddress = entry;
        entry.reserveMemory(message.estimatedSize());
        List<MessageReference> refs = new ArrayList<>(targets.size());
        long[] ids = new long[targets.size()];
        int n = 0;
        boolean persistentStore = ctx.store.isPersistent();
        for (ServerQueue q : targets) {
            boolean persistent = persistentStore && message.durable() && q.durable;
            stored.addRef(persistent);
            if (persistent) {
                ids[n++] = q.persistentId;
            }
            q.pendingRoutes.incrementAndGet();
            refs.add(new MessageReference(stored, q, persistent));
        }
        return new Routed(stored, refs, n == ids.length ? ids : java.util.Arrays.copyOf(ids, n));
    }
}
