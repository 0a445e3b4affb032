package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.transport.openwire.CommandChannel;
import io.ferrymq.transport.openwire.CommandProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import org.apache.activemq.command.ProducerAck;
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
 * each SessionInfo an {@link EngineSession}, each ConsumerInfo a {@link ConsumerBridge}; messages are sent through
 * the producer's session; transactions live in {@link Transactions}. Every command with responseRequired is answered
 * once the engine has done its part (a sync send after the send is routed and, when durable, synced). Runs on the
 * connection's event loop, which is also the engine connection's executor; not thread safe.
 */
public final class EngineCommandProcessor implements CommandProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EngineCommandProcessor.class);

    private final Engine engine;
    private final CommandChannel channel;
    private final TempDestinationAdvisories advisories;
    private final Map<SessionId, EngineSession> sessions = new HashMap<>();
    private final Map<ProducerId, ProducerInfo> producers = new HashMap<>();
    private final Map<ConsumerId, ConsumerBridge> consumers = new HashMap<>();
    private final Map<ConsumerId, AdvisoryConsumer> advisoryConsumers = new HashMap<>();
    private final Set<ActiveMQDestination> temporaries = new LinkedHashSet<>();
    private EngineConnection connection;
    private EngineSession connectionSession;
    private Transactions transactions;
    private ConnectionInfo connectionInfo;
    private boolean connecting;
    /** Consumer closes still in progress: an unsubscribe waits for them (RemoveInfo is often sent one way). */
    private CompletableFuture<Void> consumerCloses = CompletableFuture.completedFuture(null);
    private boolean closed;

    public EngineCommandProcessor(Engine engine, CommandChannel channel) {
        this.engine = engine;
        this.channel = channel;
        this.advisories = TempDestinationAdvisories.of(engine);
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
        if (connection == null) {
            if (command.getDataStructureType() == CommandTypes.SHUTDOWN_INFO) {
                channel.close();
            } else {
                fail(command, new IllegalStateException("the connection is not open: send ConnectionInfo first"));
            }
            return;
        }
        if (command.isMessage()) {
            onSend((ActiveMQMessage) command);
            return;
        }
        switch (command.getDataStructureType()) {
            case CommandTypes.SESSION_INFO -> onSessionInfo((SessionInfo) command);
            case CommandTypes.PRODUCER_INFO -> {
                ProducerInfo p = (ProducerInfo) command;
                producers.put(p.getProducerId(), p);
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
                info.getUserName(), password, null, channel.remoteAddress());
        engine.open(request, new Sink()).whenComplete((c, t) -> {
            connecting = false;
            if (t != null) {
                fail(info, t);
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
        consumers.values().forEach(ConsumerBridge::connectionClosed);
        consumers.clear();
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

    private void onSend(ActiveMQMessage m) {
        Message message;
        try {
            message = MessageConverter.toEngine(m);
        } catch (IOException | RuntimeException e) {
            fail(m, e);
            return;
        }
        ProducerId producerId = m.getProducerId();
        EngineSession session = session(producerId == null ? null : producerId.getParentId());
        Transactions.Entry tx = transactions.find(m.getTransactionId());
        if (m.getTransactionId() != null && tx == null) {
            fail(m, new IllegalStateException("unknown transaction " + m.getTransactionId()));
            return;
        }
        CompletionStage<?> sent = session.send(message, tx == null ? null : tx.transaction());
        if (tx != null) {
            tx.track(sent);
        }
        int size = m.getSize();
        sent.whenComplete((r, t) -> {
            if (m.isResponseRequired()) {
                if (t != null) {
                    fail(m, t);
                } else {
                    ok(m);
                }
                return;
            }
            if (t != null) {
                LOG.warn("FO2004 async send of {} to {} failed: {}", m.getMessageId(), message.address(),
                        Failures.unwrap(t).toString());
            }
            ProducerInfo producer = producerId == null ? null : producers.get(producerId);
            if (producer != null && producer.getWindowSize() > 0) {
                channel.write(new ProducerAck(producerId, size));
            }
        });
    }

    // consumers

    private void onConsumerInfo(ConsumerInfo info) {
        ActiveMQDestination destination = info.getDestination();
        if (AdvisoryConsumer.isAdvisory(destination)) {
            AdvisoryConsumer advisory = new AdvisoryConsumer(info, channel, advisories);
            advisoryConsumers.put(info.getConsumerId(), advisory);
            ok(info);
            advisory.start();
            return;
        }
        if (destination.isComposite()) {
            fail(info, new UnsupportedOperationException("composite destinations are not supported yet: "
                    + destination.getPhysicalName()));
            return;
        }
        SubscriptionSpec spec;
        try {
            spec = spec(info);
        } catch (IllegalArgumentException e) {
            fail(info, e);
            return;
        }
        EngineSession session = session(info.getConsumerId().getParentId());
        ConsumerBridge bridge = new ConsumerBridge(info, channel);
        consumers.put(info.getConsumerId(), bridge);
        session.subscribe(spec, bridge).whenComplete((consumer, t) -> {
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
        });
    }

    private SubscriptionSpec spec(ConsumerInfo info) {
        ActiveMQDestination d = info.getDestination();
        String address = Destinations.address(d);
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
        ConsumerBridge bridge = consumers.get(ack.getConsumerId());
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
        ConsumerBridge bridge = consumers.get(pull.getConsumerId());
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
            ConsumerBridge bridge = consumers.remove(consumerId);
            if (bridge == null) {
                ok(remove);
                return;
            }
            answer(remove, closing(bridge.close(remove.getLastDeliveredSequenceId())));
        } else if (id instanceof ProducerId producerId) {
            producers.remove(producerId);
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
            producers.keySet().removeIf(p -> p.getParentId().equals(sessionId));
            EngineSession session = sessions.remove(sessionId);
            CompletableFuture<Void> all = CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
            answer(remove, session == null ? all : all.thenCompose(v -> session.close()));
        } else if (id instanceof ConnectionId) {
            answer(remove, release(true));
        } else {
            ok(remove);
        }
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
        if (d == null || !d.isTemporary()) {
            ok(info);
            return;
        }
        String name = Destinations.address(d);
        RoutingType routing = d.isQueue() ? RoutingType.ANYCAST : RoutingType.MULTICAST;
        if (info.getOperationType() == DestinationInfo.ADD_OPERATION_TYPE) {
            answer(info, connectionSession.createTemporaryQueue(name, routing).thenAccept(q -> {
                temporaries.add(d);
                advisories.add(d);
            }));
        } else if (info.getOperationType() == DestinationInfo.REMOVE_OPERATION_TYPE) {
            temporaries.remove(d);
            advisories.remove(d);
            answer(info, connectionSession.deleteQueue(name).exceptionally(t -> null));
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
