package io.ferrymq.transport.stomp.bridge;

import io.ferrymq.addressing.api.ClientIdPolicy;
import io.ferrymq.addressing.api.CloseReason;
import io.ferrymq.addressing.api.ConnectRequest;
import io.ferrymq.addressing.api.ConnectionSink;
import io.ferrymq.addressing.api.Destination;
import io.ferrymq.addressing.api.Engine;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.transport.stomp.FrameChannel;
import io.ferrymq.transport.stomp.FrameProcessor;
import io.ferrymq.transport.stomp.HeartBeats;
import io.ferrymq.transport.stomp.StompFrame;
import io.ferrymq.transport.stomp.StompOptions;
import io.ferrymq.transport.stomp.StompProtocolException;
import io.ferrymq.transport.stomp.StompVersion;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The broker side of one STOMP connection: CONNECT through {@link Engine#open}, SEND, SUBSCRIBE/UNSUBSCRIBE,
 * ACK/NACK, BEGIN/COMMIT/ABORT and DISCONNECT onto one engine session, receipts once the engine confirms. Also the
 * engine's {@link ConnectionSink} for the connection. Runs on the connection's event loop, which is the engine
 * connection's executor; not thread safe.
 */
public final class EngineFrameProcessor implements FrameProcessor, ConnectionSink {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Sends waiting for the engine's confirmation before the connection stops reading; it reads again at half. */
    static final int MAX_SENDS_IN_FLIGHT = 1024;

    private final Engine engine;
    private final FrameChannel channel;
    private final StompOptions options;
    private final Map<String, StompSubscription> subscriptions = new HashMap<>();
    private final Acknowledgements acks = new Acknowledgements();
    private final Transactions transactions = new Transactions();
    private final Map<String, CompletableFuture<Void>> temporaries = new HashMap<>();
    private final Set<CompletableFuture<?>> inflight = new LinkedHashSet<>();
    private EngineConnection connection;
    private EngineSession session;
    private StompVersion version;
    private Destinations destinations;
    private long messageSequence;
    private boolean closed;
    private boolean sendsPaused;

    public EngineFrameProcessor(Engine engine, FrameChannel channel, StompOptions options) {
        this.engine = engine;
        this.channel = channel;
        this.options = options;
    }

    // FrameProcessor

    @Override
    public CompletionStage<Void> connect(StompFrame frame) {
        StompVersion negotiated = StompVersion.negotiate(frame.header("accept-version"));
        if (negotiated == null) {
            throw new StompProtocolException(StompProtocolException.Kind.REFUSED,
                    "Supported protocol versions are " + StompVersion.SUPPORTED,
                    Map.of("version", StompVersion.SUPPORTED), null);
        }
        HeartBeats heartBeats;
        try {
            heartBeats = negotiated == StompVersion.V1_0 ? HeartBeats.NONE
                    : HeartBeats.negotiate(frame.header("heart-beat"), options.minHeartBeatMillis());
        } catch (IllegalArgumentException e) {
            throw new StompProtocolException(StompProtocolException.Kind.MALFORMED, e.getMessage());
        }
        String clientId = frame.header("client-id");
        String passcode = frame.header("passcode");
        ConnectRequest request = new ConnectRequest("stomp", clientId,
                clientId == null ? ClientIdPolicy.SHARED : ClientIdPolicy.REFUSE_DUPLICATE, frame.header("login"),
                passcode == null ? null : passcode.toCharArray(), channel.certificateSubject(),
                channel.remoteAddress());
        return engine.open(request, this).handle((opened, failure) -> {
            if (failure != null) {
                StompProtocolException refused = Failures.of(failure);
                throw refused.kind() == StompProtocolException.Kind.REJECTED
                        ? new StompProtocolException(StompProtocolException.Kind.REFUSED, refused.getMessage(), Map.of(),
                                refused.getCause())
                        : refused;
            }
            if (closed) {
                opened.close();
                return null;
            }
            connection = opened;
            session = opened.createSession();
            version = negotiated;
            destinations = new Destinations(options, opened.id());
            channel.connected(negotiated, heartBeats.sendMillis(), heartBeats.receiveMillis());
            StompFrame connected = new StompFrame(StompFrame.CONNECTED);
            if (frame.header("accept-version") != null) {
                connected.header("version", negotiated.text());
            }
            connected.header("session", opened.id()).header("server", "FerryMQ");
            if (negotiated != StompVersion.V1_0) {
                connected.header("heart-beat", heartBeats.header());
            }
            channel.write(connected);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> process(StompFrame frame) {
        return switch (frame.command()) {
            case StompFrame.SEND -> send(frame);
            case StompFrame.SUBSCRIBE -> subscribe(frame);
            case StompFrame.UNSUBSCRIBE -> unsubscribe(frame);
            case StompFrame.ACK -> ack(frame, Outcome.ACCEPTED);
            case StompFrame.NACK -> ack(frame, Outcome.FAILED);
            case StompFrame.BEGIN -> begin(frame);
            case StompFrame.COMMIT -> end(frame, true);
            case StompFrame.ABORT -> end(frame, false);
            case StompFrame.DISCONNECT -> disconnect(frame);
            default -> throw new StompProtocolException(StompProtocolException.Kind.MALFORMED,
                    "unknown command " + frame.command());
        };
    }

    @Override
    public void writabilityChanged() {
        if (connection != null) {
            connection.writabilityChanged();
        }
    }

    @Override
    public void closed() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }

    // SEND

    private CompletionStage<Void> send(StompFrame frame) {
        Destinations.Target target = destinations.parse(required(frame, "destination"));
        CompletableFuture<Void> ready = ensureTemporary(target);
        Destination replyTo = null;
        String replyHeader = frame.header("reply-to");
        if (replyHeader != null) {
            Destinations.Target reply = destinations.parse(replyHeader);
            replyTo = reply.destination();
            ready = ready.thenCompose(ignored -> ensureTemporary(reply));
        }
        String txName = frame.header("transaction");
        Transaction tx = transactions.get(txName);
        Message message = MessageConverter.toEngine(frame, target, replyTo, "ID:" + connection.id() + "-"
                + (++messageSequence), System.currentTimeMillis());
        return ready.thenAccept(ignored -> {
            CompletableFuture<?> sent = session.send(message, tx).toCompletableFuture();
            if (sent.isDone()) {
                sent.whenComplete((result, failure) -> sent(frame, failure));
                return;
            }
            inflight.add(sent);
            transactions.sent(txName, sent);
            if (inflight.size() >= MAX_SENDS_IN_FLIGHT && !sendsPaused) {
                sendsPaused = true;
                channel.pauseReads();
            }
            sent.whenComplete((result, failure) -> {
                inflight.remove(sent);
                if (sendsPaused && inflight.size() <= MAX_SENDS_IN_FLIGHT / 2) {
                    sendsPaused = false;
                    channel.resumeReads();
                }
                sent(frame, failure);
            });
        });
    }

    private void sent(StompFrame frame, Throwable failure) {
        if (failure != null) {
            channel.fail(frame, Failures.of(failure));
        } else {
            receipt(frame);
        }
    }

    /** Creates this connection's temporary queue or topic on first use. */
    private CompletableFuture<Void> ensureTemporary(Destinations.Target target) {
        if (!target.ownTemporary()) {
            return DONE;
        }
        return temporaries.computeIfAbsent(target.address(), address ->
                (target.kind() == Destination.Kind.TEMPORARY_QUEUE
                        ? session.createTemporaryQueue(address, RoutingType.ANYCAST)
                        : session.createTemporaryTopic(address))
                        .<Void>thenApply(info -> null).toCompletableFuture());
    }

    // SUBSCRIBE and UNSUBSCRIBE

    private CompletionStage<Void> subscribe(StompFrame frame) {
        String destination = required(frame, "destination");
        String idHeader = frame.header("id");
        if (idHeader == null && version != StompVersion.V1_0) {
            required(frame, "id");
        }
        String id = idHeader != null ? idHeader : destination;
        if (subscriptions.containsKey(id)) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                    "subscription id '" + id + "' is already in use");
        }
        AckMode ackMode = AckMode.of(frame.header("ack"));
        Destinations.Target target = destinations.parse(destination);
        boolean topic = target.routingType() == RoutingType.MULTICAST;
        String durableName = topic ? durableName(frame, idHeader) : null;
        SubscriptionSpec.Builder spec = topic ? SubscriptionSpec.topic(target.address())
                : SubscriptionSpec.queue(target.address());
        if (durableName != null) {
            spec.durable(connection.clientId(), durableName);
        }
        spec.filter(frame.header("selector"))
                .noLocal(flag(frame, "activemq.noLocal") || flag(frame, "no-local"))
                .exclusive(flag(frame, "activemq.exclusive"))
                .autoAccept(ackMode == AckMode.AUTO);
        String priority = frame.header("activemq.priority");
        if (priority != null) {
            spec.priority((int) number("activemq.priority", priority));
        }
        int prefetch = prefetch(frame);
        SubscriptionSpec built = spec.build();
        StompSubscription subscription = new StompSubscription(this, id, idHeader, target.kind(), ackMode, prefetch,
                durableName);
        subscriptions.put(id, subscription);
        return ensureTemporary(target)
                .thenCompose(ignored -> session.subscribe(built, subscription))
                .handle((consumer, failure) -> {
                    if (failure != null) {
                        subscriptions.remove(id, subscription);
                        throw Failures.of(failure);
                    }
                    subscription.attach(consumer);
                    receipt(frame);
                    return null;
                });
    }

    /**
     * The durable subscription a SUBSCRIBE asks for: ActiveMQ's {@code activemq.subscriptionName} and Artemis's
     * {@code durable-subscription-name} (both scoped to the CONNECT's client-id, which they need), or RabbitMQ's
     * {@code durable:true} (or {@code persistent:true}) named by the subscription id. Null for none.
     */
    private String durableName(StompFrame frame, String idHeader) {
        String name = frame.header("activemq.subscriptionName");
        if (name == null) {
            name = frame.header("durable-subscription-name");
        }
        if (name != null) {
            if (connection.clientId() == null) {
                throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                        "a durable subscription needs a client-id header on CONNECT");
            }
            return name;
        }
        if ((flag(frame, "durable") || flag(frame, "persistent")) && idHeader != null) {
            return idHeader;
        }
        return null;
    }

    private int prefetch(StompFrame frame) {
        String value = frame.header("activemq.prefetchSize");
        if (value == null) {
            value = frame.header("prefetch-count");
        }
        if (value == null) {
            return options.defaultPrefetch();
        }
        long n = number("prefetch", value);
        return n <= 0 ? options.defaultPrefetch() : (int) Math.min(n, Integer.MAX_VALUE);
    }

    private CompletionStage<Void> unsubscribe(StompFrame frame) {
        String id = frame.header("id");
        if (id == null && version == StompVersion.V1_0) {
            id = frame.header("destination");
        }
        String durableHeader = frame.header("activemq.subscriptionName");
        if (durableHeader == null) {
            durableHeader = frame.header("durable-subscription-name");
        }
        if (id == null && durableHeader == null) {
            required(frame, "id");
        }
        StompSubscription subscription = id == null ? null : subscriptions.remove(id);
        if (subscription == null && durableHeader == null) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "no subscription with id '" + id
                    + "'");
        }
        String delete = durableHeader;
        if (delete == null && (flag(frame, "durable") || flag(frame, "persistent"))) {
            delete = subscription.durableName() != null ? subscription.durableName() : id;
        }
        CompletionStage<Void> done = subscription == null ? DONE : subscription.close();
        if (delete != null) {
            String name = delete;
            done = done.thenCompose(ignored -> session.deleteSubscription(connection.clientId(), name));
        }
        return done.handle((ignored, failure) -> {
            if (failure != null) {
                throw Failures.of(failure);
            }
            receipt(frame);
            return null;
        });
    }

    // ACK and NACK

    private CompletionStage<Void> ack(StompFrame frame, Outcome outcome) {
        Acknowledgements.Target target = acks.resolve(frame, version, subscriptions);
        Transaction tx = transactions.get(frame.header("transaction"));
        target.subscription().settle(target.tag(), outcome, tx).whenComplete((ignored, failure) -> {
            if (failure != null) {
                channel.fail(frame, Failures.of(failure));
            } else {
                receipt(frame);
            }
        });
        return DONE;
    }

    String registerAck(StompSubscription subscription, long tag) {
        return acks.register(subscription, tag);
    }

    void forgetAck(String ackId) {
        acks.forget(ackId);
    }

    /** The MESSAGE's {@code ack} header: the ack id in 1.2, none before. */
    String ackHeader(String ackId) {
        return version == StompVersion.V1_2 ? ackId : null;
    }

    // BEGIN, COMMIT, ABORT

    private CompletionStage<Void> begin(StompFrame frame) {
        transactions.begin(required(frame, "transaction"), session);
        receipt(frame);
        return DONE;
    }

    private CompletionStage<Void> end(StompFrame frame, boolean commit) {
        transactions.end(required(frame, "transaction"), commit).whenComplete((ignored, failure) -> {
            if (failure != null) {
                channel.fail(frame, Failures.of(failure));
            } else {
                receipt(frame);
            }
        });
        return DONE;
    }

    // DISCONNECT

    private CompletionStage<Void> disconnect(StompFrame frame) {
        return CompletableFuture.allOf(inflight.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> {
                    receipt(frame);
                    channel.close();
                    return null;
                });
    }

    // helpers

    private void receipt(StompFrame frame) {
        String receipt = frame.header("receipt");
        if (receipt != null) {
            channel.write(new StompFrame(StompFrame.RECEIPT).header("receipt-id", receipt));
        }
    }

    static String required(StompFrame frame, String header) {
        String value = frame.header(header);
        if (value == null) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL, "missing required header '"
                    + header + "' in " + frame.command() + " frame");
        }
        return value;
    }

    private static boolean flag(StompFrame frame, String header) {
        return "true".equalsIgnoreCase(frame.header(header));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new StompProtocolException(StompProtocolException.Kind.PROTOCOL,
                    "header " + name + " is not a number: '" + value + "'");
        }
    }

    FrameChannel channel() {
        return channel;
    }

    Destinations destinations() {
        return destinations;
    }

    /** The engine closed a subscription (its queue was deleted): the connection ends, as ActiveMQ's would. */
    void subscriptionClosedByEngine(StompSubscription subscription, EngineException cause) {
        subscriptions.remove(subscription.id(), subscription);
        channel.fail(null, new StompProtocolException(StompProtocolException.Kind.REJECTED, "subscription '"
                + subscription.id() + "' closed by the broker: " + (cause == null ? "" : cause.getMessage())));
    }

    // ConnectionSink

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
        channel.fail(null, new StompProtocolException(StompProtocolException.Kind.REJECTED,
                "connection closed by the broker: " + reason));
    }
}
