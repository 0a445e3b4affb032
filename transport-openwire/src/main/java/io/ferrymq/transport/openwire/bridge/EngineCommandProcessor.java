package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.transport.openwire.CommandChannel;
import io.ferrymq.transport.openwire.CommandProcessor;
import io.ferrymq.transport.openwire.OpenWireOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.activemq.command.Command;
import org.apache.activemq.command.CommandTypes;
import org.apache.activemq.command.ConnectionError;
import org.apache.activemq.command.ConnectionId;
import org.apache.activemq.command.ConnectionInfo;
import org.apache.activemq.command.ConsumerId;
import org.apache.activemq.command.ConsumerInfo;
import org.apache.activemq.command.DataStructure;
import org.apache.activemq.command.DestinationInfo;
import org.apache.activemq.command.ExceptionResponse;
import org.apache.activemq.command.MessageAck;
import org.apache.activemq.command.MessagePull;
import org.apache.activemq.command.ProducerId;
import org.apache.activemq.command.ProducerInfo;
import org.apache.activemq.command.RemoveInfo;
import org.apache.activemq.command.RemoveSubscriptionInfo;
import org.apache.activemq.command.Response;
import org.apache.activemq.command.SessionId;
import org.apache.activemq.command.SessionInfo;
import org.apache.activemq.command.TransactionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenWire connection on the engine: ConnectionInfo opens an {@link EngineConnection} (client ids are exclusive),
 * each SessionInfo an {@link EngineSession}, each ConsumerInfo a {@link ConsumerBridge} (of a composite destination a
 * {@link CompositeConsumer}, one bridge per component; consumers and producers are advised through
 * {@link ClientAdvisories}; a consumer of a virtual
 * topic's consumer queue becomes a shared durable subscription on the topic, see {@link VirtualTopics}); messages go
 * out through the {@link Publisher}; transactions live in {@link Transactions}. Commands that arrive while the engine
 * is still opening the connection (a failover client restoring its state) wait and run in order once it is open. Every command with responseRequired is answered
 * once the engine has done its part (a sync send after the send is routed and, when durable, synced). Runs on the
 * connection's event loop, which is also the engine connection's executor; not thread safe.
 */
public final class EngineCommandProcessor implements CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EngineCommandProcessor.class);

    private final Engine engine;
    private final CommandChannel channel;
    private final TempDestinationAdvisories advisories;
    private final ClientAdvisories clientAdvisories;
    private final Map<SessionId, EngineSession> sessions = new HashMap<>();
    private final VirtualTopics virtualTopics;
    private final Publisher publisher;
    private final Map<ConsumerId, OpenWireConsumer> consumers = new HashMap<>();
    private final Map<ConsumerId, AdvisoryConsumer> advisoryConsumers = new HashMap<>();
    private final Set<ActiveMQDestination> temporaries = new LinkedHashSet<>();
    private EngineConnection connection;
    private EngineSession connectionSession;
    private Transactions transactions;
    private ConnectionInfo connectionInfo;
    private boolean connecting;
    /** Commands that arrived while the engine was opening the connection, processed in order once it is open. */
    private final List<Command> pendingWhileConnecting = new ArrayList<>();
    /** Consumer closes still in progress: an unsubscribe waits for them (RemoveInfo is often sent one way). */
    private CompletableFuture<Void> consumerCloses = CompletableFuture.completedFuture(null);
    private boolean closed;

    public EngineCommandProcessor(Engine engine, CommandChannel channel, OpenWireOptions options) {
        this.engine = engine;
        this.channel = channel;
        this.advisories = TempDestinationAdvisories.of(engine);
        this.clientAdvisories = advisories.clients();
        this.virtualTopics = new VirtualTopics(options);
        this.publisher = new Publisher(channel, this, this::session, virtualTopics);
    }

    @Override
    public void process(Command command) {
        if (closed) {
            return;
        }
        try {
            dispatch(command);
        } catch (RuntimeException e) {
            LOG.warn("FO2004 {} failed on {}: {}", command.getClass().getSimpleName(), channel.remoteAddress(),
                    e.toString());
            fail(command, e);
        }
    }

    private void dispatch(Command command) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} <- {}", channel.remoteAddress(), command);
        }
        if (command.getDataStructureType() == CommandTypes.CONNECTION_INFO) {
            onConnectionInfo((ConnectionInfo) command);
            return;
        }
        if (connection == null && connecting) {
            // a failover client restores its state right after ConnectionInfo without waiting for the answer
            pendingWhileConnecting.add(command);
            return;
        }
        if (connection == null) {
            if (command.getDataStructureType() == CommandTypes.SHUTDOWN_INFO) {
                channel.close();
            } else {
                fail(command, new IllegalStateException("the connection is not open: send ConnectionInfo first"));
            }
            return;
        }
        if (command.isMessage()) {
            publisher.send((ActiveMQMessage) command, transactions);
            return;
        }
        switch (command.getDataStructureType()) {
            case CommandTypes.SESSION_INFO -> onSessionInfo((SessionInfo) command);
            case CommandTypes.PRODUCER_INFO -> {
                publisher.add((ProducerInfo) command);
                clientAdvisories.addProducer((ProducerInfo) command);
                ok(command);
            }
            case CommandTypes.CONSUMER_INFO -> onConsumerInfo((ConsumerInfo) command);
            case CommandTypes.MESSAGE_ACK -> onAck((MessageAck) command);
            case CommandTypes.MESSAGE_PULL -> onPull((MessagePull) command);
            case CommandTypes.TRANSACTION_INFO -> transactions.process((TransactionInfo) command);
            case CommandTypes.REMOVE_INFO -> onRemove((RemoveInfo) command);
            case CommandTypes.REMOVE_SUBSCRIPTION_INFO -> onRemoveSubscription((RemoveSubscriptionInfo) command);
            case CommandTypes.DESTINATION_INFO -> onDestinationInfo((DestinationInfo) command);
            case CommandTypes.SHUTDOWN_INFO -> channel.close();
            case CommandTypes.CONNECTION_CONTROL, CommandTypes.CONSUMER_CONTROL, CommandTypes.FLUSH_COMMAND,
                    CommandTypes.CONTROL_COMMAND, CommandTypes.PRODUCER_ACK -> ok(command);
            default -> {
                LOG.warn("FO2005 unsupported OpenWire command {} from {}", command.getClass().getSimpleName(),
                        channel.remoteAddress());
                fail(command, new UnsupportedOperationException(
                        "FerryMQ does not support " + command.getClass().getSimpleName()));
            }
        }
    }

    // connection

    private void onConnectionInfo(ConnectionInfo info) {
        if (connection != null || connecting) {
            ok(info);
            return;
        }
        connecting = true;
        connectionInfo = info;
        char[] password = info.getPassword() == null ? null : info.getPassword().toCharArray();
        ConnectRequest request = new ConnectRequest("openwire", info.getClientId(), ClientIdPolicy.REFUSE_DUPLICATE,
                info.getUserName(), password, channel.certificateSubject(), channel.remoteAddress());
        engine.open(request, new Sink()).whenComplete((c, t) -> {
            connecting = false;
            List<Command> pending = new ArrayList<>(pendingWhileConnecting);
            pendingWhileConnecting.clear();
            if (t != null) {
                fail(info, t);
                pending.forEach(this::process);
                return;
            }
            if (closed) {
                c.close();
                return;
            }
            connection = c;
            connectionSession = c.createSession();
            transactions = new Transactions(connectionSession, this);
            ok(info);
            channel.handshakeDone();
            pending.forEach(this::process);
        });
    }

    private final class Sink implements ConnectionSink {
        @Override
        public Executor executor() {
            return channel.executor();
        }

        @Override
        public boolean isWritable() {
            return channel.isWritable();
        }

        @Override
        public void pauseReads() {
            channel.pauseReads();
        }

        @Override
        public void resumeReads() {
            channel.resumeReads();
        }

        @Override
        public void terminate(CloseReason reason) {
            ConnectionError error = new ConnectionError();
            error.setConnectionId(connectionInfo == null ? null : connectionInfo.getConnectionId());
            error.setException(new IOException("the broker closed the connection: " + reason));
            channel.write(error);
            release(false);
            channel.close();
        }
    }

    @Override
    public void writabilityChanged() {
        if (connection != null) {
            connection.writabilityChanged();
        }
    }

    @Override
    public void closed() {
        release(true);
    }

    private CompletionStage<Void> release(boolean closeEngineConnection) {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        advisoryConsumers.values().forEach(AdvisoryConsumer::stop);
        advisoryConsumers.clear();
        consumers.values().forEach(OpenWireConsumer::connectionClosed);
        consumers.clear();
        publisher.clear();
        if (connectionInfo != null) {
            clientAdvisories.removeConnection(connectionInfo.getConnectionId());
        }
        temporaries.forEach(advisories::remove);
        temporaries.clear();
        if (connection != null && closeEngineConnection) {
            return connection.close();
        }
        return CompletableFuture.completedFuture(null);
    }

    // sessions, producers

    private void onSessionInfo(SessionInfo info) {
        sessions.computeIfAbsent(info.getSessionId(), id -> connection.createSession());
        ok(info);
    }

    private EngineSession session(SessionId id) {
        EngineSession s = id == null ? null : sessions.get(id);
        return s != null ? s : connectionSession;
    }

    // consumers

    private void onConsumerInfo(ConsumerInfo info) {
        ActiveMQDestination destination = info.getDestination();
        if (AdvisoryConsumer.isAdvisory(destination)) {
            AdvisoryConsumer advisory = new AdvisoryConsumer(info, channel, advisories, clientAdvisories);
            advisoryConsumers.put(info.getConsumerId(), advisory);
            ok(info);
            advisory.start();
            return;
        }
        if (destination.isComposite()) {
            onCompositeConsumerInfo(info);
            return;
        }
        SubscriptionSpec spec;
        try {
            spec = spec(info, destination);
        } catch (IllegalArgumentException e) {
            fail(info, e);
            return;
        }
        EngineSession session = session(info.getConsumerId().getParentId());
        ConsumerBridge bridge = new ConsumerBridge(info, channel, spec.address());
        consumers.put(info.getConsumerId(), bridge);
        afterConsumerCloses(() -> session.subscribe(spec, bridge)).whenComplete((consumer, t) -> {
            if (t != null) {
                consumers.remove(info.getConsumerId());
                fail(info, t);
                return;
            }
            if (closed || consumers.get(info.getConsumerId()) != bridge) {
                consumer.close();
                return;
            }
            ok(info);
            bridge.attach(consumer);
            clientAdvisories.addConsumer(info);
        });
    }

    /** A consumer of a composite destination: one engine consumer per component, see {@link CompositeConsumer}. */
    private void onCompositeConsumerInfo(ConsumerInfo info) {
        CompositeConsumer composite = new CompositeConsumer(info, channel);
        List<SubscriptionSpec> specs = new ArrayList<>();
        try {
            for (ActiveMQDestination component : info.getDestination().getCompositeDestinations()) {
                SubscriptionSpec spec = spec(info, component);
                specs.add(spec);
                composite.add(new ConsumerBridge(info, channel, spec.address(), component, composite));
            }
        } catch (IllegalArgumentException e) {
            fail(info, e);
            return;
        }
        EngineSession session = session(info.getConsumerId().getParentId());
        consumers.put(info.getConsumerId(), composite);
        List<CompletableFuture<Consumer>> subscribed = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            subscribed.add(session.subscribe(specs.get(i), composite.components().get(i)).toCompletableFuture());
        }
        CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            boolean current = !closed && consumers.get(info.getConsumerId()) == composite;
            if (t != null || !current) {
                subscribed.forEach(f -> f.thenAccept(Consumer::close));
                if (t != null) {
                    consumers.remove(info.getConsumerId(), composite);
                    fail(info, t);
                }
                return;
            }
            ok(info);
            for (int i = 0; i < subscribed.size(); i++) {
                composite.components().get(i).attach(subscribed.get(i).join());
            }
            clientAdvisories.addConsumer(info);
        });
    }

    /** The engine subscription of {@code info} on {@code d}, its destination or one component of it. */
    private SubscriptionSpec spec(ConsumerInfo info, ActiveMQDestination d) {
        String address = Destinations.address(d);
        String virtualTopic = d.isQueue() && !d.isTemporary() ? virtualTopics.topicOf(address) : null;
        if (virtualTopic != null && info.isBrowser()) {
            return SubscriptionSpec.queue(virtualTopic + "::" + address)
                    .filter(info.getSelector())
                    .browseOnly(true)
                    .build();
        }
        if (virtualTopic != null) {
            // a virtual topic's consumer queue: a shared durable subscription named like the queue
            return SubscriptionSpec.topic(virtualTopic)
                    .durable(null, address)
                    .shared(true)
                    .filter(info.getSelector())
                    .exclusive(info.isExclusive())
                    .priority(info.getPriority())
                    .build();
        }
        if (d.isQueue()) {
            return SubscriptionSpec.queue(address)
                    .filter(info.getSelector())
                    .exclusive(info.isExclusive())
                    .priority(info.getPriority())
                    .browseOnly(info.isBrowser())
                    .build();
        }
        SubscriptionSpec.Builder b = SubscriptionSpec.topic(address)
                .filter(info.getSelector())
                .noLocal(info.isNoLocal())
                .priority(info.getPriority());
        if (info.getSubscriptionName() != null && !d.isTemporary()) {
            b.durable(connection.clientId(), info.getSubscriptionName());
        }
        return b.build();
    }

    private void onAck(MessageAck ack) {
        OpenWireConsumer bridge = consumers.get(ack.getConsumerId());
        if (bridge == null) {
            ok(ack);
            return;
        }
        Transactions.Entry tx = transactions.find(ack.getTransactionId());
        CompletionStage<Void> done = bridge.ack(ack, tx);
        done.whenComplete((v, t) -> {
            if (t != null) {
                LOG.debug("ack {} failed: {}", ack, t.toString());
            }
            if (ack.isResponseRequired()) {
                if (t != null) {
                    fail(ack, t);
                } else {
                    ok(ack);
                }
            }
        });
    }

    private void onPull(MessagePull pull) {
        OpenWireConsumer bridge = consumers.get(pull.getConsumerId());
        if (bridge != null) {
            bridge.pull(pull.getTimeout());
        }
        ok(pull);
    }

    // removal

    private void onRemove(RemoveInfo remove) {
        DataStructure id = remove.getObjectId();
        if (id instanceof ConsumerId consumerId) {
            AdvisoryConsumer advisory = advisoryConsumers.remove(consumerId);
            if (advisory != null) {
                advisory.stop();
                ok(remove);
                return;
            }
            OpenWireConsumer bridge = consumers.remove(consumerId);
            if (bridge == null) {
                ok(remove);
                return;
            }
            clientAdvisories.removeConsumer(consumerId);
            answer(remove, closing(bridge.close(remove.getLastDeliveredSequenceId())));
        } else if (id instanceof ProducerId producerId) {
            publisher.remove(producerId);
            clientAdvisories.removeProducer(producerId);
            ok(remove);
        } else if (id instanceof SessionId sessionId) {
            List<CompletableFuture<Void>> closing = new ArrayList<>();
            consumers.entrySet().removeIf(e -> {
                if (e.getKey().getParentId().equals(sessionId)) {
                    closing.add(closing(e.getValue().close(remove.getLastDeliveredSequenceId())));
                    return true;
                }
                return false;
            });
            publisher.removeSession(sessionId);
            clientAdvisories.removeSession(sessionId);
            EngineSession session = sessions.remove(sessionId);
            CompletableFuture<Void> all = CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
            answer(remove, session == null ? all : all.thenCompose(v -> session.close()));
        } else if (id instanceof ConnectionId) {
            answer(remove, release(true));
        } else {
            ok(remove);
        }
    }

    /**
     * ActiveMQConnection.destroyDestination of a queue: the queue goes with its messages, as in ActiveMQ; refused
     * while it has consumers (ActiveMQ: "Destination still has an active subscription"); a queue that does not exist
     * is nothing to do. Topics are left as they are (their subscriptions hold what they keep). Waits for this
     * connection's consumer closes in progress, as ActiveMQ handles a connection's commands in order.
     */
    private void destroyQueue(DestinationInfo info, String name) {
        answer(info, consumerCloses.thenCompose(v -> connectionSession.deleteQueue(name)).exceptionally(t -> {
            Throwable cause = Failures.unwrap(t);
            if (cause instanceof EngineException e && e.kind() == EngineException.Kind.QUEUE_NOT_FOUND) {
                return null;
            }
            throw t instanceof CompletionException ce ? ce : new CompletionException(cause);
        }));
    }

    /**
     * Starts {@code subscribe} once this connection's consumer closes in progress are done: ActiveMQ handles a
     * connection's commands in order, so a durable subscriber (or exclusive consumer) closed and created again at
     * once must find the subscription free (the client sends the consumer's RemoveInfo one way and does not wait).
     * At once, on the caller's thread, when no close is pending.
     */
    private <T> CompletionStage<T> afterConsumerCloses(java.util.function.Supplier<CompletionStage<T>> subscribe) {
        if (consumerCloses.isDone()) {
            return subscribe.get();
        }
        return consumerCloses.thenComposeAsync(v -> subscribe.get(), channel.executor());
    }

    private CompletableFuture<Void> closing(CompletionStage<Void> close) {
        CompletableFuture<Void> stage = close.toCompletableFuture();
        consumerCloses = CompletableFuture.allOf(consumerCloses, stage.exceptionally(t -> null));
        return stage;
    }

    private void onRemoveSubscription(RemoveSubscriptionInfo info) {
        String clientId = info.getClientId() != null ? info.getClientId() : connection.clientId();
        answer(info, consumerCloses.thenCompose(
                v -> connectionSession.deleteSubscription(clientId, info.getSubscriptionName())));
    }

    private void onDestinationInfo(DestinationInfo info) {
        ActiveMQDestination d = info.getDestination();
        if (d != null && !d.isTemporary() && d.isQueue() && !d.isComposite()
                && info.getOperationType() == DestinationInfo.REMOVE_OPERATION_TYPE) {
            destroyQueue(info, Destinations.address(d));
            return;
        }
        if (d == null || !d.isTemporary()) {
            ok(info);
            return;
        }
        String name = Destinations.address(d);
        if (info.getOperationType() == DestinationInfo.ADD_OPERATION_TYPE) {
            CompletionStage<?> created = d.isQueue()
                    ? connectionSession.createTemporaryQueue(name, RoutingType.ANYCAST)
                    : connectionSession.createTemporaryTopic(name);
            answer(info, created.thenAccept(x -> {
                temporaries.add(d);
                advisories.add(d);
            }));
        } else if (info.getOperationType() == DestinationInfo.REMOVE_OPERATION_TYPE) {
            temporaries.remove(d);
            advisories.remove(d);
            CompletionStage<Void> deleted = d.isQueue()
                    ? connectionSession.deleteQueue(name)
                    : connectionSession.deleteAddress(name);
            answer(info, deleted.exceptionally(t -> null));
        } else {
            ok(info);
        }
    }

    // answers

    /** Answers {@code command} when {@code stage} completes. */
    void answer(Command command, CompletionStage<?> stage) {
        stage.whenComplete((v, t) -> {
            if (t != null) {
                fail(command, t);
            } else {
                ok(command);
            }
        });
    }

    void ok(Command command) {
        if (command.isResponseRequired()) {
            Response response = new Response();
            response.setCorrelationId(command.getCommandId());
            channel.write(response);
        }
    }

    void respond(Command command, Response response) {
        if (command.isResponseRequired()) {
            response.setCorrelationId(command.getCommandId());
            channel.write(response);
        }
    }

    void fail(Command command, Throwable failure) {
        Throwable t = Failures.toClient(failure, channel.jakartaClient());
        if (command.isResponseRequired()) {
            ExceptionResponse response = new ExceptionResponse(t);
            response.setCorrelationId(command.getCommandId());
            channel.write(response);
        } else {
            LOG.debug("{} failed without a response: {}", command.getClass().getSimpleName(), t.toString());
        }
    }
}
