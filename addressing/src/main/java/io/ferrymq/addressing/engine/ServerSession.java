package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.AddressInfo;
import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.QueueInfo;
import io.ferrymq.addressing.api.QueueSpec;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SendResult;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.api.XaRecovery;
import io.ferrymq.addressing.api.Xid;
import io.ferrymq.addressing.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A session of a connection: sends, consumers, transactions and queue management. Thread safe; every returned
 * stage completes on the connection's executor. Synchronous failures (a denied permission, a bad name) are
 * returned as failed stages, never thrown.
 */
final class ServerSession implements EngineSession {

    final ServerConnection connection;

    private final EngineContext ctx;
    private final Set<ServerConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Set<ServerTransaction> transactions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ServerSession(EngineContext ctx, ServerConnection connection) {
        this.ctx = ctx;
        this.connection = connection;
    }

    @Override
    public CompletionStage<SendResult> send(Message message, Transaction transaction) {
        Objects.requireNonNull(message, "message");
        return call(() -> {
            checkOpen();
            ServerTransaction tx = ServerTransaction.cast(transaction);
            CompletableFuture<SendResult> sent = ctx.router.send(this, message, tx);
            if (tx != null) {
                tx.track(sent);
            }
            return sent;
        });
    }

    @Override
    public CompletionStage<Void> schedule(
            Message message, io.ferrymq.addressing.api.Schedule schedule, Transaction transaction) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(schedule, "schedule");
        return call(() -> {
            checkOpen();
            ctx.security.authorize(connection.principal, Permission.SEND, message.address());
            ScheduledJobs.parseIfCron(schedule);
            ServerTransaction tx = ServerTransaction.cast(transaction);
            if (tx != null) {
                tx.addSchedule(() -> ctx.jobs.schedule(message, schedule));
                return CompletableFuture.completedFuture(null);
            }
            return ctx.jobs.schedule(message, schedule);
        });
    }

    @Override
    public CompletionStage<Void> retain(Message message) {
        Objects.requireNonNull(message, "message");
        return call(() -> {
            checkOpen();
            ctx.security.authorize(connection.principal, Permission.SEND, message.address());
            return ctx.retained.retain(message);
        });
    }

    @Override
    public CompletionStage<List<Message>> retained(String addressPattern) {
        return call(() -> {
            ctx.security.authorize(connection.principal, Permission.CONSUME, addressPattern);
            return CompletableFuture.completedFuture(ctx.retained.matching(addressPattern));
        });
    }

    @Override
    public CompletionStage<Void> putClientState(String clientId, String key, byte[] value) {
        return call(() -> {
            checkOwnClient(clientId);
            return ctx.clientStates.put(clientId, key, value);
        });
    }

    @Override
    public CompletionStage<Map<String, byte[]>> clientState(String clientId) {
        return call(() -> {
            checkOwnClient(clientId);
            return CompletableFuture.completedFuture(ctx.clientStates.get(clientId));
        });
    }

    @Override
    public CompletionStage<Void> deleteClientState(String clientId) {
        return call(() -> {
            checkOwnClient(clientId);
            return ctx.clientStates.delete(clientId);
        });
    }

    private void checkOwnClient(String clientId) {
        if (connection.clientId != null && !connection.clientId.equals(clientId)) {
            throw new EngineException(
                    EngineException.Kind.NOT_AUTHORIZED, "connection " + connection.id + " is not client " + clientId);
        }
    }

    @Override
    public CompletionStage<Consumer> subscribe(SubscriptionSpec spec, DeliverySink sink) {
        return call(() -> {
            checkOpen();
            return ctx.subscriptions.subscribe(this, spec, sink).thenApply(c -> (Consumer) c);
        });
    }

    @Override
    public Transaction beginTransaction() {
        checkOpen();
        ServerTransaction tx = new ServerTransaction(ctx, null, connection);
        transactions.add(tx);
        tx.onEnd(() -> transactions.remove(tx));
        return tx;
    }

    @Override
    public Transaction beginTransaction(Xid xid) {
        checkOpen();
        ServerTransaction tx = new ServerTransaction(ctx, Objects.requireNonNull(xid, "xid"), connection);
        ctx.xa.register(xid, tx);
        transactions.add(tx);
        tx.onEnd(() -> transactions.remove(tx));
        return tx;
    }

    @Override
    public XaRecovery xaRecovery() {
        return new XaRecovery() {
            @Override
            public List<Xid> preparedXids() {
                return ctx.xa.preparedXids();
            }

            @Override
            public Optional<Transaction> find(Xid xid) {
                return ctx.xa.find(xid).map(t -> ((ServerTransaction) t).boundTo(connection));
            }
        };
    }

    @Override
    public CompletionStage<QueueInfo> declareQueue(QueueSpec spec) {
        return call(() -> {
            checkOpen();
            ServerQueue existing = ctx.postOffice.queue(spec.name());
            if (existing != null) {
                if (existing.address.equals(spec.address()) && existing.routingType == spec.routingType()) {
                    return CompletableFuture.completedFuture(existing.info());
                }
                throw new EngineException(
                        EngineException.Kind.QUEUE_EXISTS,
                        "queue " + spec.name() + " exists on " + existing.address + " " + existing.routingType);
            }
            ctx.security.authorize(
                    connection.principal,
                    spec.durable() ? Permission.CREATE_DURABLE_QUEUE : Permission.CREATE_NON_DURABLE_QUEUE,
                    spec.address());
            ensureAddress(spec.address(), spec.routingType());
            return ctx.postOffice
                    .createQueue(QueueDefinition.plain(
                            spec.name(), spec.address(), spec.routingType(), spec.durable(), false, spec.filter(),
                            spec.lastValueKey()))
                    .thenApply(ServerQueue::info);
        });
    }

    private void ensureAddress(String address, RoutingType type) {
        if (io.ferrymq.addressing.address.AddressPattern.isWildcard(address)) {
            return;
        }
        AddressEntry entry = ctx.postOffice.address(address);
        if (entry == null || !entry.supports(type)) {
            ctx.security.authorize(connection.principal, Permission.CREATE_ADDRESS, address);
            ctx.postOffice.declareAddress(address, type, true);
        }
    }

    @Override
    public CompletionStage<QueueInfo> createTemporaryQueue(String name, RoutingType routingType) {
        return call(() -> {
            checkOpen();
            ctx.security.authorize(connection.principal, Permission.CREATE_NON_DURABLE_QUEUE, name);
            ensureAddress(name, routingType);
            QueueDefinition def = new QueueDefinition(
                    name, name, routingType, false, true, false, null, null, null, null, false, null, -1, -1);
            return ctx.postOffice.createQueue(def).thenApply(q -> {
                q.owner = connection;
                connection.addTemporaryQueue(q);
                return q.info();
            });
        });
    }

    @Override
    public CompletionStage<AddressInfo> createTemporaryTopic(String name) {
        return call(() -> {
            checkOpen();
            ctx.security.authorize(connection.principal, Permission.CREATE_ADDRESS, name);
            if (ctx.postOffice.address(name) != null) {
                throw new EngineException(EngineException.Kind.QUEUE_EXISTS, "address " + name + " exists");
            }
            return ctx.postOffice.declareAddress(name, RoutingType.MULTICAST, true).thenApply(entry -> {
                connection.addTemporaryAddress(name);
                return entry.info();
            });
        });
    }

    @Override
    public CompletionStage<Void> deleteQueue(String queueName) {
        return call(() -> {
            ServerQueue q = ctx.postOffice.queue(queueName);
            if (q == null) {
                throw new EngineException(EngineException.Kind.QUEUE_NOT_FOUND, "queue " + queueName + " does not exist");
            }
            if (!(q.definition.temporary() && q.owner == connection)) {
                ctx.security.authorize(
                        connection.principal,
                        q.durable ? Permission.DELETE_DURABLE_QUEUE : Permission.DELETE_NON_DURABLE_QUEUE,
                        q.address);
            }
            connection.temporaryQueueDeleted(q);
            return ctx.postOffice.deleteQueue(q, true);
        });
    }

    @Override
    public CompletionStage<AddressInfo> declareAddress(String address, RoutingType routingType) {
        return call(() -> {
            checkOpen();
            ctx.security.authorize(connection.principal, Permission.CREATE_ADDRESS, address);
            return ctx.postOffice.declareAddress(address, routingType, false).thenApply(AddressEntry::info);
        });
    }

    @Override
    public CompletionStage<Void> deleteAddress(String address) {
        return call(() -> {
            if (connection.ownsTemporaryAddress(address)) {
                // a temporary topic goes with its subscriptions (JMS TemporaryTopic.delete())
                connection.temporaryAddressDeleted(address);
                return ctx.postOffice.deleteAddressWithQueues(address);
            }
            ctx.security.authorize(connection.principal, Permission.DELETE_ADDRESS, address);
            return ctx.postOffice.deleteAddress(address);
        });
    }

    @Override
    public CompletionStage<Void> deleteSubscription(String clientId, String subscriptionName) {
        return call(() -> {
            String name = clientId == null ? subscriptionName : clientId + "." + subscriptionName;
            ServerQueue q = ctx.postOffice.queue(name);
            if (q == null || !q.definition.isSubscription()) {
                throw new EngineException(EngineException.Kind.QUEUE_NOT_FOUND, "no subscription " + name);
            }
            ctx.security.authorize(
                    connection.principal,
                    q.durable ? Permission.DELETE_DURABLE_QUEUE : Permission.DELETE_NON_DURABLE_QUEUE,
                    q.address);
            return ctx.postOffice.deleteQueue(q, true);
        });
    }

    @Override
    public Optional<QueueInfo> queryQueue(String queueName) {
        ServerQueue q = ctx.postOffice.queue(queueName);
        return q == null ? Optional.empty() : Optional.of(q.info());
    }

    @Override
    public Optional<AddressInfo> queryAddress(String address) {
        AddressEntry e = ctx.postOffice.address(address);
        return e == null ? Optional.empty() : Optional.of(e.info());
    }

    @Override
    public CompletionStage<Void> close() {
        return connection.onLoop(release());
    }

    /** Closes the consumers (their unsettled messages return) and rolls back unfinished transactions. */
    CompletableFuture<Void> release() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        List<CompletableFuture<?>> steps = new ArrayList<>();
        for (ServerConsumer c : List.copyOf(consumers)) {
            steps.add(c.close().toCompletableFuture());
        }
        for (ServerTransaction tx : List.copyOf(transactions)) {
            if (tx.state() == ServerTransaction.State.ACTIVE) {
                steps.add(tx.rollback().toCompletableFuture().handle((v, e) -> null));
            }
        }
        transactions.clear();
        connection.sessionClosed(this);
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
    }

    void consumerOpened(ServerConsumer consumer) {
        consumers.add(consumer);
    }

    void consumerClosed(ServerConsumer consumer) {
        consumers.remove(consumer);
    }

    /** The connection can write again: let the queues of this session's consumers dispatch. */
    void resumeDispatch() {
        for (ServerConsumer c : consumers) {
            c.queue.executor.execute(c.queue::dispatch);
        }
    }

    private void checkOpen() {
        if (closed || connection.isClosed()) {
            throw new EngineException(EngineException.Kind.ILLEGAL_STATE, "session is closed");
        }
    }

    private <T> CompletionStage<T> call(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> f;
        try {
            f = op.get();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return connection.onLoop(f);
    }
}
