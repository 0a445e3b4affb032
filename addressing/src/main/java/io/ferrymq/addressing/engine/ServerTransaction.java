package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.api.Xid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A local or XA transaction: sends stay invisible and settlements stay undone until commit. Nothing reaches the
 * journal before commit (local) or prepare (XA); then the sends and the acknowledgements go in one journal
 * transaction, so a crash keeps all of them or none.
 *
 * <p>Thread safe: sends and settlements arrive from the session's thread and from queue executors.
 */
final class ServerTransaction implements Transaction {

    enum State {
        ACTIVE,
        PREPARED,
        DONE
    }

    /** A message sent in the transaction, with the references it will have. */
    record PendingSend(StoredMessage message, List<MessageReference> refs, long[] storedQueueIds) {}

    /** A settlement made in the transaction. */
    record PendingSettle(MessageReference ref, Outcome outcome, long consumerId) {}

    private final EngineContext ctx;
    private final long id;
    private final Xid xid;
    private final ServerConnection connection;
    private final List<PendingSend> sends = new ArrayList<>();
    private final List<PendingSettle> settles = new ArrayList<>();
    private final List<java.util.function.Supplier<CompletableFuture<Void>>> schedules = new ArrayList<>();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private State state = State.ACTIVE;
    private boolean journaled;
    private volatile Runnable onEnd;

    ServerTransaction(EngineContext ctx, Xid xid, ServerConnection connection) {
        this.ctx = ctx;
        this.id = ctx.store.nextId();
        this.xid = xid;
        this.connection = connection;
    }

    /** A transaction recovered in the prepared state: its records are already journaled. */
    static ServerTransaction recovered(EngineContext ctx, long txId, Xid xid) {
        ServerTransaction tx = new ServerTransaction(ctx, txId, xid);
        tx.state = State.PREPARED;
        tx.journaled = true;
        return tx;
    }

    private ServerTransaction(EngineContext ctx, long id, Xid xid) {
        this.ctx = ctx;
        this.id = id;
        this.xid = xid;
        this.connection = null;
    }

    static ServerTransaction cast(Transaction transaction) {
        if (transaction == null) {
            return null;
        }
        if (transaction instanceof ServerTransaction tx) {
            tx.checkActive();
            return tx;
        }
        if (transaction instanceof Bound bound) {
            bound.tx.checkActive();
            return bound.tx;
        }
        throw new EngineException(EngineException.Kind.INVALID_ARGUMENT, "not an engine transaction: " + transaction);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Xid xid() {
        return xid;
    }

    @Override
    public synchronized boolean isActive() {
        return state == State.ACTIVE;
    }

    synchronized State state() {
        return state;
    }

    private synchronized void checkActive() {
        if (state != State.ACTIVE) {
            throw new EngineException(EngineException.Kind.TRANSACTION_FAILED, "transaction " + id + " is " + state);
        }
    }

    synchronized void addSend(PendingSend send) {
        checkActive();
        sends.add(send);
    }

    synchronized void addSettle(MessageReference ref, Outcome outcome, long consumerId) {
        checkActive();
        settles.add(new PendingSettle(ref, outcome, consumerId));
    }

    /** Adds a schedule that starts when the transaction commits. */
    synchronized void addSchedule(java.util.function.Supplier<CompletableFuture<Void>> start) {
        checkActive();
        schedules.add(start);
    }

    /** Adds a send of a transaction recovered in the prepared state. */
    synchronized void addRecoveredSend(PendingSend send) {
        sends.add(send);
    }

    /** Adds an acknowledgement of a transaction recovered in the prepared state. */
    synchronized void addRecoveredAck(MessageReference ref) {
        settles.add(new PendingSettle(ref, io.ferrymq.addressing.api.Outcome.ACCEPTED, 0));
    }

    /** Remembers an operation that must finish before the transaction ends. */
    synchronized void track(CompletableFuture<?> operation) {
        inFlight.add(operation);
    }

    private synchronized CompletableFuture<Void> settled() {
        CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
        inFlight.clear();
        // a failed send or settle does not stop the commit of the others (JMS: the send already threw)
        return all.handle((v, e) -> null);
    }

    @Override
    public CompletionStage<Void> prepare() {
        if (xid == null) {
            return failed("only XA transactions can be prepared");
        }
        CompletableFuture<Void> result = settled().thenCompose(v -> {
            synchronized (this) {
                checkActive();
                state = State.PREPARED;
            }
            writeRecords();
            // a transaction with nothing durable leaves no journal record (the journal refuses empty ones)
            return journaled ? ctx.store.prepare(id, xid) : CompletableFuture.<Void>completedFuture(null);
        });
        return onLoop(result);
    }

    @Override
    public CompletionStage<Void> commit() {
        CompletableFuture<Void> result = settled().thenCompose(v -> {
            boolean prepared;
            synchronized (this) {
                if (state == State.DONE) {
                    throw new EngineException(EngineException.Kind.TRANSACTION_FAILED, "transaction " + id + " ended");
                }
                prepared = state == State.PREPARED;
                state = State.DONE;
            }
            if (!prepared) {
                writeRecords();
            }
            CompletableFuture<Void> write = journaled ? ctx.store.commit(id) : CompletableFuture.completedFuture(null);
            return write.thenRun(this::applyCommit).thenCompose(x -> startSchedules());
        });
        return onLoop(result.whenComplete((v, e) -> forget()));
    }

    @Override
    public CompletionStage<Void> rollback() {
        CompletableFuture<Void> result = settled().thenCompose(v -> {
            synchronized (this) {
                if (state == State.DONE) {
                    throw new EngineException(EngineException.Kind.TRANSACTION_FAILED, "transaction " + id + " ended");
                }
                state = State.DONE;
            }
            CompletableFuture<Void> write = journaled ? ctx.store.rollback(id) : CompletableFuture.completedFuture(null);
            return write.thenRun(this::applyRollback);
        });
        return onLoop(result.whenComplete((v, e) -> forget()));
    }

    /** Runs {@code action} when the transaction ends (the owning session forgets it). */
    void onEnd(Runnable action) {
        this.onEnd = action;
    }

    private void forget() {
        Runnable action = onEnd;
        if (action != null) {
            action.run();
        }
        if (xid != null && ctx.xa != null) {
            ctx.xa.remove(xid, this);
        }
    }

    /** Puts the sends and acknowledgements into one journal transaction. */
    private void writeRecords() {
        List<PendingSend> s;
        List<PendingSettle> a;
        synchronized (this) {
            s = List.copyOf(sends);
            a = List.copyOf(settles);
        }
        for (PendingSend send : s) {
            if (send.storedQueueIds().length > 0) {
                ctx.store.addMessage(id, send.message().id, send.message().message, send.storedQueueIds());
                journaled = true;
            }
        }
        for (PendingSettle settle : a) {
            MessageReference ref = settle.ref();
            if (settle.outcome().kind() == Outcome.Kind.ACCEPTED && ref.persistent) {
                ctx.store.ackMessage(id, ref.stored.id, ref.queue.persistentId);
                journaled = true;
            }
        }
    }

    private void applyCommit() {
        List<PendingSend> s;
        List<PendingSettle> a;
        synchronized (this) {
            s = List.copyOf(sends);
            a = List.copyOf(settles);
            sends.clear();
            settles.clear();
        }
        for (PendingSend send : s) {
            for (MessageReference ref : send.refs()) {
                ref.queue.enqueue(ref);
            }
        }
        for (PendingSettle settle : a) {
            MessageReference ref = settle.ref();
            ServerQueue q = ref.queue;
            if (settle.outcome().kind() == Outcome.Kind.ACCEPTED) {
                q.executor.execute(() -> q.acknowledgeCommitted(ref));
            } else {
                q.executor.execute(() -> q.settle(ref, settle.outcome(), settle.consumerId()));
            }
        }
    }

    private CompletableFuture<Void> startSchedules() {
        List<java.util.function.Supplier<CompletableFuture<Void>>> s;
        synchronized (this) {
            s = List.copyOf(schedules);
            schedules.clear();
        }
        List<CompletableFuture<Void>> started = new ArrayList<>(s.size());
        for (var start : s) {
            started.add(start.get());
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    private void applyRollback() {
        synchronized (this) {
            schedules.clear();
        }
        List<PendingSend> s;
        List<PendingSettle> a;
        synchronized (this) {
            s = List.copyOf(sends);
            a = List.copyOf(settles);
            sends.clear();
            settles.clear();
        }
        for (PendingSend send : s) {
            for (MessageReference ref : send.refs()) {
                ref.queue.pendingRoutes.decrementAndGet();
            }
            send.message().abandon();
        }
        for (PendingSettle settle : a) {
            MessageReference ref = settle.ref();
            ServerQueue q = ref.queue;
            // JMS: messages consumed in a rolled back transaction come back as redelivered
            q.executor.execute(() -> q.redeliver(ref, true));
        }
    }

    private CompletionStage<Void> failed(String why) {
        return onLoop(CompletableFuture.failedFuture(new EngineException(EngineException.Kind.TRANSACTION_FAILED, why)));
    }

    private <T> CompletionStage<T> onLoop(CompletableFuture<T> f) {
        return connection != null ? connection.onLoop(f) : f;
    }

    @Override
    public String toString() {
        return "Transaction[" + id + (xid != null ? " " + xid : "") + " " + state + "]";
    }

    /** This transaction seen from another connection: completions run on that connection's executor. */
    Transaction boundTo(ServerConnection other) {
        return new Bound(this, other);
    }

    private record Bound(ServerTransaction tx, ServerConnection connection) implements Transaction {
        @Override
        public long id() {
            return tx.id;
        }

        @Override
        public Xid xid() {
            return tx.xid;
        }

        @Override
        public CompletionStage<Void> commit() {
            return connection.onLoop(tx.commit());
        }

        @Override
        public CompletionStage<Void> rollback() {
            return connection.onLoop(tx.rollback());
        }

        @Override
        public CompletionStage<Void> prepare() {
            return connection.onLoop(tx.prepare());
        }

        @Override
        public boolean isActive() {
            return tx.isActive();
        }
    }
}
