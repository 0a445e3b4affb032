package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.address.AddressPattern;
import io.ferrymq.addressing.address.WildcardIndex;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.store.AddressRecord;
import io.ferrymq.addressing.store.QueueRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses, the queues and the bindings between them, and the routing of a message to its queues.
 *
 * <p>Exact addresses keep their queues in their {@link AddressEntry}; subscriptions on wildcard patterns live in a
 * {@link WildcardIndex} trie, so routing costs the depth of the address, not the number of subscriptions.
 *
 * <p>Thread safe: lookups and routing are lock free; creations and deletions take the post office lock (they are
 * rare and cheap, journal writes happen outside it).
 */
final class PostOffice {

    private static final Logger LOG = LoggerFactory.getLogger(PostOffice.class);

    private final EngineContext ctx;
    private final Object lock = new Object();
    private final Map<String, AddressEntry> addresses = new ConcurrentHashMap<>();
    private final Map<String, ServerQueue> queues = new ConcurrentHashMap<>();
    private final Map<Long, ServerQueue> queuesById = new ConcurrentHashMap<>();
    private final WildcardIndex<ServerQueue> patternQueues = new WildcardIndex<>();

    PostOffice(EngineContext ctx) {
        this.ctx = ctx;
    }

    AddressEntry address(String name) {
        return addresses.get(name);
    }

    ServerQueue queue(String name) {
        return queues.get(name);
    }

    ServerQueue queueById(long id) {
        return queuesById.get(id);
    }

    Collection<ServerQueue> queues() {
        return queues.values();
    }

    // ---------------------------------------------------------------- addresses

    /**
     * Creates an address or adds a routing type to it.
     *
     * @param autoCreated made on demand (not journaled; its queues bring it back after a restart)
     */
    CompletableFuture<AddressEntry> declareAddress(String name, RoutingType type, boolean autoCreated) {
        checkName(name);
        AddressEntry entry;
        long oldRecord = 0;
        boolean write = false;
        synchronized (lock) {
            entry = addresses.get(name);
            if (entry == null) {
                entry = new AddressEntry(name, EnumSet.of(type), autoCreated, 0);
                addresses.put(name, entry);
                write = !autoCreated;
            } else if (!entry.supports(type)) {
                entry.addRoutingType(type);
                oldRecord = entry.persistentId;
                write = oldRecord != 0 || !autoCreated;
            } else if (!autoCreated && entry.persistentId == 0) {
                // an explicit declaration makes an auto-created address permanent
                write = true;
            }
            if (write && ctx.store.isPersistent()) {
                entry.persistentId = ctx.store.nextId();
            } else {
                write = false;
            }
        }
        if (!write) {
            return CompletableFuture.completedFuture(entry);
        }
        if (oldRecord != 0) {
            ctx.store.deleteAddress(oldRecord);
        }
        AddressEntry result = entry;
        return ctx.store
                .addAddress(new AddressRecord(entry.persistentId, name, entry.routingTypes()))
                .thenApply(v -> result);
    }

    /** Removes an address without queues. */
    CompletableFuture<Void> deleteAddress(String name) {
        AddressEntry entry;
        synchronized (lock) {
            entry = addresses.get(name);
            if (entry == null) {
                throw new EngineException(EngineException.Kind.ADDRESS_NOT_FOUND, "no address " + name);
            }
            if (entry.queues().length > 0) {
                throw new EngineException(
                        EngineException.Kind.QUEUE_IN_USE, "address " + name + " still has queues");
            }
            addresses.remove(name);
        }
        return entry.persistentId != 0
                ? ctx.store.deleteAddress(entry.persistentId)
                : CompletableFuture.completedFuture(null);
    }

    /** Removes an address and every queue bound to it (a temporary topic whose connection closed). */
    CompletableFuture<Void> deleteAddressWithQueues(String name) {
        AddressEntry entry = addresses.get(name);
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (ServerQueue q : entry.queues()) {
            deletes.add(deleteQueue(q, false));
        }
        synchronized (lock) {
            if (addresses.get(name) == entry && entry.queues().length == 0) {
                addresses.remove(name);
            }
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    }

    void restoreAddress(AddressRecord record) {
        AddressEntry entry = new AddressEntry(record.name(), record.routingTypes(), false, record.id());
        addresses.put(record.name(), entry);
    }

    // ---------------------------------------------------------------- queues

    /**
     * Creates a queue and binds it to its address (created on demand when it is not a pattern). The future
     * completes when a durable queue's record is synced.
     *
     * @throws EngineException QUEUE_EXISTS when the name is taken
     */
    CompletableFuture<ServerQueue> createQueue(QueueDefinition def) {
        checkName(def.name());
        ServerQueue queue;
        synchronized (lock) {
            if (queues.containsKey(def.name())) {
                throw new EngineException(EngineException.Kind.QUEUE_EXISTS, "queue " + def.name() + " exists");
            }
            long id = def.durable() && ctx.store.isPersistent() ? ctx.store.nextId() : 0;
            queue = new ServerQueue(ctx, def, id);
            register(queue);
        }
        if (queue.persistentId == 0) {
            return CompletableFuture.completedFuture(queue);
        }
        ServerQueue result = queue;
        return ctx.store.addQueue(toRecord(queue)).thenApply(v -> result);
    }

    /** Rebuilds a durable queue from its journal record. */
    ServerQueue restoreQueue(QueueRecord r) {
        QueueDefinition def = new QueueDefinition(
                r.name(), r.address(), r.routingType(), true, false, r.autoCreated(), r.filter(), r.lastValueKey(),
                r.subscriptionClientId(), r.subscriptionName(), r.shared(), r.noLocalClientId(), r.expiryDelayMillis(),
                r.maxMessages());
        ServerQueue queue = new ServerQueue(ctx, def, r.id());
        synchronized (lock) {
            register(queue);
        }
        return queue;
    }

    private void register(ServerQueue queue) {
        queues.put(queue.name, queue);
        if (queue.persistentId != 0) {
            queuesById.put(queue.persistentId, queue);
        }
        if (AddressPattern.isWildcard(queue.address)) {
            patternQueues.add(queue.address, queue);
        } else {
            AddressEntry entry = addresses.get(queue.address);
            if (entry == null) {
                entry = new AddressEntry(queue.address, EnumSet.of(queue.routingType), true, 0);
                addresses.put(queue.address, entry);
            } else if (!entry.supports(queue.routingType)) {
                entry.addRoutingType(queue.routingType);
            }
            entry.bind(queue);
        }
    }

    private static QueueRecord toRecord(ServerQueue q) {
        QueueDefinition d = q.definition;
        return new QueueRecord(
                q.persistentId, d.name(), d.address(), d.routingType(), d.filter(), d.lastValueKey(), d.autoCreated(),
                d.subscriptionClientId(), d.subscriptionName(), d.shared(), d.noLocalKey(), d.expiryDelayMillis(),
                d.maxMessages());
    }

    /**
     * Reserves a place for a consumer that looked {@code queue} up, so that an auto-delete does not take the queue
     * away before the consumer is added (it would be closed by the deletion, or left on a deleted queue): false when
     * the queue is no longer registered, and the consumer must look the queue up again. The reservation ends on the
     * queue's executor when the consumer is added, or when the subscription fails.
     */
    boolean reserveConsumer(ServerQueue queue) {
        synchronized (lock) {
            if (queues.get(queue.name) != queue || queue.deleting) {
                return false;
            }
            queue.attaching.incrementAndGet();
            return true;
        }
    }

    /**
     * An auto-delete: deletes the queue unless a consumer reserved a place on it ({@link #reserveConsumer}) or a
     * message is on its way in. {@link ServerQueue#deleting} is set before pendingRoutes is read, and a send reads
     * deleting after it raised pendingRoutes (Router#deletingTarget): one of the two sees the other.
     */
    CompletableFuture<Void> deleteUnlessAttaching(ServerQueue queue) {
        synchronized (lock) {
            if (queue.attaching.get() > 0 || queues.get(queue.name) != queue) {
                return CompletableFuture.completedFuture(null);
            }
            queue.deleting = true;
            if (queue.pendingRoutes.get() > 0) {
                queue.deleting = false;
                return CompletableFuture.completedFuture(null);
            }
            return deleteQueue(queue, false);
        }
    }

    /**
     * Unbinds and deletes a queue: its messages are acknowledged away and its consumers closed.
     *
     * @param requireUnused fail with QUEUE_IN_USE when it has consumers
     */
    CompletableFuture<Void> deleteQueue(ServerQueue queue, boolean requireUnused) {
        synchronized (lock) {
            if (queues.get(queue.name) != queue) {
                return CompletableFuture.completedFuture(null);
            }
            if (requireUnused && queue.consumerCount > 0) {
                throw new EngineException(EngineException.Kind.QUEUE_IN_USE, "queue " + queue.name + " has consumers");
            }
            queue.deleting = true;
            queues.remove(queue.name);
            if (queue.persistentId != 0) {
                queuesById.remove(queue.persistentId);
            }
            if (AddressPattern.isWildcard(queue.address)) {
                patternQueues.remove(queue.address, queue);
            } else {
                AddressEntry entry = addresses.get(queue.address);
                if (entry != null) {
                    entry.unbind(queue);
                    if (entry.autoCreated
                            && entry.persistentId == 0
                            && entry.queues().length == 0
                            && Boolean.TRUE.equals(ctx.settings(entry.name).autoDeleteAddresses())) {
                        addresses.remove(entry.name);
                    }
                }
            }
        }
        CompletableFuture<Void> cleared = new CompletableFuture<>();
        queue.executor.execute(() -> {
            queue.clear(new EngineException(EngineException.Kind.QUEUE_NOT_FOUND, "queue " + queue.name + " deleted"));
            cleared.complete(null);
        });
        LOG.debug("deleted {}", queue);
        if (queue.persistentId == 0) {
            return cleared;
        }
        return cleared.thenCompose(v -> ctx.store.deleteQueue(queue.persistentId));
    }

    /**
     * Changes the expiry and message cap of a subscription queue in place (an MQTT client reconnecting with another
     * session expiry keeps its messages).
     */
    CompletableFuture<Void> updateLimits(ServerQueue queue, long expiryDelayMillis, long maxMessages) {
        if (queue.expiryDelayMillis == expiryDelayMillis && queue.maxMessages == maxMessages) {
            return CompletableFuture.completedFuture(null);
        }
        queue.expiryDelayMillis = expiryDelayMillis;
        queue.maxMessages = maxMessages;
        return queue.persistentId == 0
                ? CompletableFuture.completedFuture(null)
                : ctx.store.updateQueueLimits(queue.persistentId, expiryDelayMillis, maxMessages);
    }

    // ---------------------------------------------------------------- routing

    /**
     * The queues a message to {@code entry} goes to: one anycast queue (round robin among those whose filter
     * accepts it) and every accepting multicast queue, including wildcard subscriptions. A null routing type
     * routes to both kinds.
     */
    List<ServerQueue> route(AddressEntry entry, RoutingType type, StoredMessage message) {
        List<ServerQueue> out = new ArrayList<>();
        List<ServerQueue> anycast = null;
        for (ServerQueue q : entry.queues()) {
            if (q.routingType == RoutingType.ANYCAST) {
                if (type != RoutingType.MULTICAST && q.accepts(message)) {
                    if (anycast == null) {
                        anycast = new ArrayList<>(2);
                    }
                    anycast.add(q);
                }
            } else if (type != RoutingType.ANYCAST && q.accepts(message)) {
                out.add(q);
            }
        }
        if (anycast != null) {
            out.add(entry.nextAnycast(anycast));
        }
        if (type != RoutingType.ANYCAST && patternQueues.size() > 0) {
            patternQueues.forEachMatch(entry.name, q -> {
                if (q.routingType == RoutingType.MULTICAST && !out.contains(q) && q.accepts(message)) {
                    out.add(q);
                }
            });
        }
        return out;
    }

    /** A reference reached a queue deleted meanwhile: the queue is done with it. */
    void reroute(MessageReference ref) {
        ref.stored.release(ctx.store, ref.persistent, ref.queue.persistentId, false);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new EngineException(EngineException.Kind.INVALID_ARGUMENT, "empty address or queue name");
        }
    }
}
