package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.AddressInfo;
import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.QueueInfo;
import io.ferrymq.addressing.security.Principal;
import io.ferrymq.addressing.store.MemoryMessageStore;
import io.ferrymq.addressing.store.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: the single implementation of {@link Engine}. Build it, {@link #start()} it (which recovers the
 * store's state), hand it to the transports, {@link #stop()} it last-but-one (before the store is gone).
 *
 * <p>Lifecycle methods are called by the server's main thread; {@link #open} from any thread.
 */
public final class FerryEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(FerryEngine.class);

    private final EngineContext ctx;
    private final List<ExecutorService> owned = new ArrayList<>();
    private final boolean ownsScheduler;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, ServerConnection> clientIds = new ConcurrentHashMap<>();
    private volatile boolean started;
    private EngineScheduler.Cancellable expiryScan;

    private FerryEngine(Builder b) {
        Executor queueExecutor = b.queueExecutor;
        if (queueExecutor == null) {
            ExecutorService pool = Executors.newFixedThreadPool(
                    Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("ferry-queue"));
            owned.add(pool);
            queueExecutor = pool;
        }
        Executor blocking = b.blockingExecutor;
        if (blocking == null) {
            ExecutorService pool = Executors.newCachedThreadPool(daemon("ferry-blocking"));
            owned.add(pool);
            blocking = pool;
        }
        ownsScheduler = b.scheduler == null;
        EngineScheduler scheduler = b.scheduler != null ? b.scheduler : new SystemScheduler();
        ctx = new EngineContext(b.options, b.store, scheduler, queueExecutor, blocking);
        ctx.postOffice = new PostOffice(ctx);
        ctx.router = new Router(ctx);
        ctx.subscriptions = new Subscriptions(ctx);
        ctx.mover = new MessageMover(ctx);
        ctx.xa = new XaRegistry();
        ctx.retained = new RetainedMessages(ctx);
        ctx.clientStates = new ClientStates(ctx);
        ctx.jobs = new ScheduledJobs(ctx);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Recovers the store's state and starts the periodic expiry scan. */
    public synchronized void start() {
        if (started) {
            return;
        }
        new StateRecovery(ctx).apply(ctx.store.load());
        expiryScan = ctx.scheduler.scheduleAtFixedRate(this::scanExpiry, ctx.options.expiryScanPeriodMillis());
        started = true;
        LOG.info("FE1002 engine started ({} store)", ctx.store.isPersistent() ? "journal" : "memory");
    }

    public boolean isStarted() {
        return started;
    }

    /**
     * Closes every connection (telling the transports SHUTDOWN), waits briefly for the queues to settle, closes the
     * store (which flushes it) and the engine's own threads.
     */
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        if (expiryScan != null) {
            expiryScan.cancel();
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ServerConnection c : List.copyOf(connections)) {
            c.terminate(CloseReason.SHUTDOWN);
            closing.add(c.release());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            quiesceQueues();
        } catch (Exception e) {
            LOG.warn("FE2004 connections did not close within 5 s; stopping anyway", e);
        }
        ctx.store.close();
        if (ownsScheduler) {
            ctx.scheduler.close();
        }
        for (ExecutorService pool : owned) {
            pool.shutdown();
        }
        LOG.info("FE1003 engine stopped");
    }

    private void quiesceQueues() throws Exception {
        List<CompletableFuture<Void>> marks = new ArrayList<>();
        for (ServerQueue q : ctx.postOffice.queues()) {
            CompletableFuture<Void> mark = new CompletableFuture<>();
            q.executor.execute(() -> mark.complete(null));
            marks.add(mark);
        }
        CompletableFuture.allOf(marks.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    }

    private void scanExpiry() {
        for (ServerQueue q : ctx.postOffice.queues()) {
            q.executor.execute(q::expireScan);
        }
    }

    @Override
    public CompletionStage<EngineConnection> open(ConnectRequest request, ConnectionSink sink) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sink, "sink");
        CompletableFuture<EngineConnection> result = new CompletableFuture<>();
        ctx.blockingExecutor.execute(() -> {
            EngineConnection c;
            try {
                c = connect(request, sink);
            } catch (Throwable t) {
                sink.executor().execute(() -> result.completeExceptionally(t));
                return;
            }
            sink.executor().execute(() -> result.complete(c));
        });
        return result;
    }

    private EngineConnection connect(ConnectRequest request, ConnectionSink sink) throws Exception {
        if (!started) {
            throw new EngineException(EngineException.Kind.SHUTTING_DOWN, "the broker is not running");
        }
        int max = ctx.options.maxConnections();
        if (max > 0 && connections.size() >= max) {
            throw new EngineException(
                    EngineException.Kind.RESOURCE_LIMIT, "too many connections (maxConnections " + max + ")");
        }
        Principal principal = ctx.security.authenticate(request);
        String clientId = request.clientId();
        ServerConnection connection = new ServerConnection(this, ctx, principal, clientId, sink);
        if (clientId != null) {
            register(connection, clientId, request.clientIdPolicy());
        }
        connections.add(connection);
        return connection;
    }

    /** {@link ServerConnection#claimClientId}: the registration of {@link #connect}, later, off the event loop. */
    CompletableFuture<Void> claimClientId(ServerConnection connection, String clientId, ClientIdPolicy policy) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        ctx.blockingExecutor.execute(() -> {
            try {
                synchronized (connection) {
                    if (connection.isClosed()) {
                        throw new EngineException(EngineException.Kind.ILLEGAL_STATE,
                                "connection " + connection.id + " is closed");
                    }
                    if (connection.clientId != null) {
                        throw new IllegalStateException(
                                "connection " + connection.id + " already holds client id " + connection.clientId);
                    }
                    register(connection, clientId, policy);
                    connection.clientId = clientId;
                }
                if (connection.isClosed()) {
                    clientIds.remove(clientId, connection); // closed meanwhile: connectionClosed may have run
                }
                result.complete(null);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** Holds {@code clientId} for {@code connection} under {@code policy}: refuses, or takes it over. */
    private void register(ServerConnection connection, String clientId, ClientIdPolicy policy) throws Exception {
        if (policy == ClientIdPolicy.SHARED) {
            return;
        }
        ServerConnection previous;
        synchronized (clientIds) {
            previous = clientIds.get(clientId);
            if (previous != null && !previous.isClosed() && policy == ClientIdPolicy.REFUSE_DUPLICATE) {
                throw new EngineException(
                        EngineException.Kind.CLIENT_ID_IN_USE, "client id " + clientId + " is already connected");
            }
            clientIds.put(clientId, connection);
        }
        if (previous != null) {
            if (!previous.isClosed()) {
                LOG.info("FE1004 client id {} taken over by a new connection; closing {}", clientId, previous.id);
                previous.terminate(CloseReason.SESSION_TAKEN_OVER);
            }
            // also when the previous connection's own close is still running: its consumers must be gone first
            previous.release().get(5, TimeUnit.SECONDS);
        }
    }

    void connectionClosed(ServerConnection connection) {
        connections.remove(connection);
        if (connection.clientId != null) {
            clientIds.remove(connection.clientId, connection);
        }
    }

    // ---------------------------------------------------------------- inspection (management, tests)

    /** A queue's current state. Any thread. */
    public Optional<QueueInfo> queue(String name) {
        ServerQueue q = ctx.postOffice.queue(name);
        return q == null ? Optional.empty() : Optional.of(q.info());
    }

    /** Every queue's current state. Any thread. */
    public List<QueueInfo> queues() {
        List<QueueInfo> out = new ArrayList<>();
        for (ServerQueue q : ctx.postOffice.queues()) {
            out.add(q.info());
        }
        return out;
    }

    /** An address's current state. Any thread. */
    public Optional<AddressInfo> address(String name) {
        AddressEntry e = ctx.postOffice.address(name);
        return e == null ? Optional.empty() : Optional.of(e.info());
    }

    /** Open connections. */
    public int connectionCount() {
        return connections.size();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Builds a {@link FerryEngine}. */
    public static final class Builder {
        private EngineOptions options = EngineOptions.DEFAULTS;
        private MessageStore store = new MemoryMessageStore();
        private EngineScheduler scheduler;
        private Executor queueExecutor;
        private Executor blockingExecutor;

        public Builder options(EngineOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The store; the engine closes it in {@link FerryEngine#stop()}. Default: in memory. */
        public Builder store(MessageStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock and timer; default: the system clock with one timer thread. */
        public Builder scheduler(EngineScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Runs queue work; default: a pool of one thread per core. Tests pass a same-thread executor. */
        public Builder queueExecutor(Executor executor) {
            this.queueExecutor = executor;
            return this;
        }

        /** Runs authentication; default: a cached pool. */
        public Builder blockingExecutor(Executor executor) {
            this.blockingExecutor = executor;
            return this;
        }

        public FerryEngine build() {
            return new FerryEngine(this);
        }
    }
}
