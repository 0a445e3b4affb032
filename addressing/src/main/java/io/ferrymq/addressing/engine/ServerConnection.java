package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One network connection as the engine sees it: its principal, client id, sessions and temporary queues, and the
 * way back to the transport. Thread safe; completions are handed to the transport's executor.
 */
final class ServerConnection implements EngineConnection {

    final String id;
    final Principal principal;
    volatile String clientId; // set at open, or once later by claimClientId
    final ConnectionSink sink;

    private final FerryEngine engine;
    private final EngineContext ctx;
    private final Set<ServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<ServerQueue> temporaryQueues = ConcurrentHashMap.newKeySet();
    private final Set<String> temporaryAddresses = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicInteger pendingDurableSends = new AtomicInteger();
    private final AtomicBoolean journalPaused = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> released = new CompletableFuture<>();

    ServerConnection(FerryEngine engine, EngineContext ctx, Principal principal, String clientId, ConnectionSink sink) {
        this.engine = engine;
        this.ctx = ctx;
        this.id = "c" + ctx.nextLocalId();
        this.principal = principal;
        this.clientId = clientId;
        this.sink = sink;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String user() {
        return principal.user();
    }

    @Override
    public Set<String> roles() {
        return principal.roles();
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public CompletionStage<Void> claimClientId(String clientId, ClientIdPolicy policy) {
        java.util.Objects.requireNonNull(clientId, "clientId");
        java.util.Objects.requireNonNull(policy, "policy");
        if (this.clientId != null) {
            throw new IllegalStateException("connection " + id + " already holds client id " + this.clientId);
        }
        return onLoop(engine.claimClientId(this, clientId, policy));
    }

    Executor executor() {
        return sink.executor();
    }

    boolean isWritable() {
        return sink.isWritable();
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The origin key for no-local: the client id, or the connection id when there is none. */
    String noLocalKey() {
        return clientId != null ? clientId : id;
    }

    /** The same outcome, completed on the connection's executor (the API's threading contract). */
    <T> CompletableFuture<T> onLoop(CompletionStage<T> stage) {
        CompletableFuture<T> out = new CompletableFuture<>();
        stage.whenComplete((v, e) -> executor().execute(() -> {
            if (e != null) {
                out.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause()
                        : e);
            } else {
                out.complete(v);
            }
        }));
        return out;
    }

    @Override
    public EngineSession createSession() {
        if (closed.get()) {
            throw new EngineException(EngineException.Kind.ILLEGAL_STATE, "connection " + id + " is closed");
        }
        ServerSession session = new ServerSession(ctx, this);
        sessions.add(session);
        return session;
    }

    void sessionClosed(ServerSession session) {
        sessions.remove(session);
    }

    void addTemporaryQueue(ServerQueue queue) {
        temporaryQueues.add(queue);
    }

    void addTemporaryAddress(String address) {
        temporaryAddresses.add(address);
    }

    boolean ownsTemporaryAddress(String address) {
        return temporaryAddresses.contains(address);
    }

    void temporaryAddressDeleted(String address) {
        temporaryAddresses.remove(address);
    }

    void temporaryQueueDeleted(ServerQueue queue) {
        temporaryQueues.remove(queue);
    }

    @Override
    public void writabilityChanged() {
        if (!sink.isWritable()) {
            return;
        }
        for (ServerSession s : sessions) {
            s.resumeDispatch();
        }
    }

    // ---------------------------------------------------------------- back-pressure

    /** One more reason to stop reading (counted; reads resume when every reason is gone). Any thread. */
    void pauseReads() {
        if (pauses.getAndIncrement() == 0) {
            executor().execute(() -> {
                if (pauses.get() > 0) {
                    sink.pauseReads();
                }
            });
        }
    }

    /** One reason to stop reading is gone. Any thread. */
    void resumeReads() {
        if (pauses.decrementAndGet() == 0) {
            executor().execute(() -> {
                if (pauses.get() == 0) {
                    sink.resumeReads();
                }
            });
        }
    }

    void durableSendStarted() {
        if (pendingDurableSends.incrementAndGet() > ctx.options.maxPendingDurableSends()
                && journalPaused.compareAndSet(false, true)) {
            pauseReads();
        }
    }

    void durableSendDone() {
        if (pendingDurableSends.decrementAndGet() <= ctx.options.maxPendingDurableSends() / 2
                && journalPaused.compareAndSet(true, false)) {
            resumeReads();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public CompletionStage<Void> close() {
        return onLoop(release());
    }

    /** The engine ends the connection: tells the transport, then releases everything. */
    void terminate(CloseReason reason) {
        if (closed.get()) {
            return;
        }
        executor().execute(() -> sink.terminate(reason));
        release();
    }

    /**
     * Closes sessions (rolling back their open transactions), deletes temporary queues, forgets the client id. Every
     * call returns the one release, which may still be running when a later call asks (a take-over must wait for a
     * release the transport began, or the old consumers still hold their subscriptions).
     */
    CompletableFuture<Void> release() {
        if (!closed.compareAndSet(false, true)) {
            return released;
        }
        releaseSteps().whenComplete((v, t) -> {
            if (t == null) {
                released.complete(null);
            } else {
                released.completeExceptionally(t);
            }
        });
        return released;
    }

    private CompletableFuture<Void> releaseSteps() {
        List<CompletableFuture<Void>> steps = new ArrayList<>();
        for (ServerSession s : List.copyOf(sessions)) {
            steps.add(s.release());
        }
        CompletableFuture<Void> sessionsClosed = CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
        return sessionsClosed.thenCompose(v -> {
            List<CompletableFuture<Void>> deletes = new ArrayList<>();
            for (ServerQueue q : List.copyOf(temporaryQueues)) {
                deletes.add(ctx.postOffice.deleteQueue(q, false));
            }
            temporaryQueues.clear();
            for (String address : List.copyOf(temporaryAddresses)) {
                deletes.add(ctx.postOffice.deleteAddressWithQueues(address));
            }
            temporaryAddresses.clear();
            engine.connectionClosed(this);
            return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
        });
    }

    @Override
    public String toString() {
        return "Connection[" + id + " user=" + principal.user() + (clientId != null ? " clientId=" + clientId : "") + "]";
    }
}
