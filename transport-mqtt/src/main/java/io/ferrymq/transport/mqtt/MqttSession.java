package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT protocol state machine of one connection: CONNECT and the session (clean or persistent), SUBSCRIBE and
 * UNSUBSCRIBE, PINGREQ, DISCONNECT, the will, and the end of the connection. Publications flow through
 * {@link InboundFlow} and {@link OutboundFlow}; version differences live in {@link VersionStrategy}. It talks to
 * the broker only through {@link Broker} and to the network only through {@link PacketWriter}.
 *
 * <p>Not thread safe: every method is called on the connection's event loop, and so are the broker's callbacks.
 */
final class MqttSession implements InboundFlow.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);

    /** What the session asks of its channel beyond writing packets. */
    interface Channel extends PacketWriter {
        /** Closes after {@code seconds} without a packet from the client (0: never). */
        void keepAlive(int seconds);

        /** The handshake is done: cancels the connect timeout. */
        void handshakeDone();
    }

    private enum State { AWAIT_CONNECT, CONNECTING, CONNECTED, CLOSED }

    private final Broker broker;
    private final MqttOptions options;
    private final Channel out;
    private final Broker.Events events;
    private final ScheduledExecutorService scheduler;
    private final SocketAddress remote;
    private final int maxPacketSize;
    private final List<MqttMessage> early = new ArrayList<>();
    private final Map<String, ActiveSubscription> subscriptions = new HashMap<>();

    private State state = State.AWAIT_CONNECT;
    private VersionStrategy version;
    private Broker.Session session;
    private String clientId;
    private boolean problemInformation = true;
    private long sessionExpirySeconds;
    private Broker.Persistence persistence = Broker.Persistence.TRANSIENT;
    private int clientReceiveMaximum = 65535;
    private int clientMaxPacketSize;
    private int clientTopicAliasMax;
    private PublishData will;
    private long willDelaySeconds;
    private boolean sendWill;
    private InboundFlow inbound;
    private OutboundFlow outbound;

    /** A subscription and its options. */
    private static final class ActiveSubscription {
        final SubscriptionRequest request;
        Broker.Subscription subscription;

        ActiveSubscription(SubscriptionRequest request) {
            this.request = request;
        }
    }

    MqttSession(Broker broker, MqttOptions options, Channel out, Broker.Events events,
            ScheduledExecutorService scheduler, SocketAddress remote, int maxPacketSize) {
        this.broker = broker;
        this.options = options;
        this.out = out;
        this.events = events;
        this.scheduler = scheduler;
        this.remote = remote;
        this.maxPacketSize = maxPacketSize;
    }

    /** A decoded packet; the session releases it. */
    void onPacket(MqttMessage msg) {
        switch (state) {
            case AWAIT_CONNECT -> {
                if (msg instanceof MqttConnectMessage connect) {
                    connect(connect);
                } else {
                    out.close(); // 3.1.1 §3.1: the first packet must be CONNECT
                }
                ReferenceCountUtil.release(msg);
            }
            case CONNECTING -> early.add(msg);
            case CONNECTED -> {
                try {
                    dispatch(msg);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
            case CLOSED -> ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(MqttMessage msg) {
        MqttMessageType type = msg.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> inbound.onPublish((MqttPublishMessage) msg);
            case PUBACK -> outbound.onPubAck(messageId(msg));
            case PUBREC -> outbound.onPubRec(messageId(msg), reasonCode(msg));
            case PUBREL -> inbound.onPubRel(messageId(msg));
            case PUBCOMP -> outbound.onPubComp(messageId(msg));
            case SUBSCRIBE -> subscribe((MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) msg);
            case PINGREQ -> {
                out.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
                out.flush();
            }
            case DISCONNECT -> disconnect(msg);
            default -> protocolError(0x82, "unexpected " + type); // a second CONNECT: 3.1.1 §3.1.0
        }
    }

    private static int messageId(MqttMessage msg) {
        return ((MqttMessageIdVariableHeader) msg.variableHeader()).messageId();
    }

    private static int reasonCode(MqttMessage msg) {
        return msg.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xff : 0;
    }

    // ---- CONNECT: 3.1.1 §3.1, 5.0 §3.1 ----

    private void connect(MqttConnectMessage connect) {
        var header = connect.variableHeader();
        var payload = connect.payload();
        version = VersionStrategy.forLevel(header.version());
        boolean clean = header.isCleanSession();
        MqttProperties props = header.properties();
        String id = payload.clientIdentifier() == null ? "" : payload.clientIdentifier();
        boolean assigned = false;
        if (version.isV5()) {
            sessionExpirySeconds = Math.min(options.maxSessionExpirySeconds(),
                    V5Properties.uintValue(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0));
            clientReceiveMaximum = V5Properties.intValue(props, MqttPropertyType.RECEIVE_MAXIMUM, 65535);
            clientMaxPacketSize = V5Properties.intValue(props, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0);
            clientTopicAliasMax = Math.min(options.maxTopicAlias(),
                    V5Properties.intValue(props, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0));
            problemInformation = V5Properties.intValue(props, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) == 1;
        } else {
            sessionExpirySeconds = clean ? 0 : options.defaultSessionExpirySeconds();
        }
        if (id.isEmpty()) {
            if (!version.isV5() && (!clean || header.version() == 3)) {
                refuse(version.identifierRejected(), "empty client id"); // 3.1.1 §3.1.3.1 [MQTT-3.1.3-8]
                return;
            }
            id = "ferry-" + UUID.randomUUID(); // 5.0 §3.1.3.1, 3.1.1 §3.1.3.1 [MQTT-3.1.3-6]
            assigned = true;
        }
        clientId = id;
        if (sessionExpirySeconds > 0) {
            persistence = new Broker.Persistence(true, sessionExpirySeconds * 1000);
        }
        if (header.isWillFlag()) {
            will = V5Properties.toPublishData(payload.willTopic(), header.willQos(), header.isWillRetain(),
                    payload.willMessageInBytes(), payload.willProperties(), version.isV5());
            willDelaySeconds = version.isV5()
                    ? V5Properties.uintValue(payload.willProperties(), MqttPropertyType.WILL_DELAY_INTERVAL, 0) : 0;
            sendWill = true;
            if (!TopicNames.isValidTopicName(will.topic(), options.maxTopicLength(), options.maxTopicLevels())) {
                refuse(version.isV5() ? MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "invalid will topic");
                return;
            }
        }
        int keepAlive = options.serverKeepAliveSeconds() > 0 && version.isV5()
                ? options.serverKeepAliveSeconds() : header.keepAliveTimeSeconds();
        state = State.CONNECTING;
        boolean idAssigned = assigned;
        broker.open(id, header.hasUserName() ? payload.userName() : null,
                header.hasPassword() ? payload.passwordInBytes() : null, remote, events)
                .whenComplete((s, t) -> {
                    if (t != null) {
                        Failure f = BrokerException.of(t);
                        LOG.info("FM1002 MQTT connection of client '{}' from {} refused: {}", clientId, remote,
                                BrokerException.messageOf(t));
                        refuse(version.refusal(f), BrokerException.messageOf(t));
                    } else if (state == State.CLOSED) {
                        s.close();
                    } else {
                        session = s;
                        s.loadState().whenComplete((st, t2) -> restore(clean, st == null ? Map.of() : st,
                                idAssigned, keepAlive));
                    }
                });
    }

    private void restore(boolean clean, Map<String, byte[]> stored, boolean assigned, int keepAlive) {
        if (state == State.CLOSED) {
            session.close();
            return;
        }
        List<SubscriptionRequest> old = new ArrayList<>();
        Set<Integer> inRel = new HashSet<>();
        Set<Integer> outRel = new HashSet<>();
        stored.forEach((k, v) -> {
            if (k.startsWith("sub:")) {
                old.add(SubscriptionRequest.decode(k.substring(4), v));
            } else if (k.startsWith("q2:")) {
                inRel.add(Integer.parseInt(k.substring(3)));
            } else if (k.startsWith("rel:")) {
                outRel.add(Integer.parseInt(k.substring(4)));
            }
        });
        byte[] record = stored.get("session");
        boolean expired = false;
        if (record != null) {
            ByteBuffer b = ByteBuffer.wrap(record);
            long expiryMs = b.getLong();
            long leftAt = b.getLong();
            expired = leftAt > 0 && leftAt + expiryMs < System.currentTimeMillis();
        }
        boolean resume = !clean && record != null && !expired;
        CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
        if (!resume && !stored.isEmpty()) {
            // 3.1.1 §3.1.2.4, 5.0 §3.1.2.4: a clean start discards the previous session
            for (SubscriptionRequest r : old) {
                ready = ready.thenCompose(v -> session.deleteSubscription(r).toCompletableFuture());
            }
            ready = ready.thenCompose(v -> session.clearState().toCompletableFuture());
            old.clear();
            inRel.clear();
            outRel.clear();
        }
        if (persistence.durable()) {
            ready = ready.thenCompose(v -> session.putState("session", sessionRecord(0)).toCompletableFuture());
        }
        ready.whenComplete((v, t) -> connected(resume, assigned, keepAlive, old, inRel, outRel));
    }

    private byte[] sessionRecord(long leftAt) {
        return ByteBuffer.allocate(16).putLong(persistence.expiryMillis()).putLong(leftAt).array();
    }

    private void connected(boolean present, boolean assigned, int keepAlive, List<SubscriptionRequest> old,
            Set<Integer> inRel, Set<Integer> outRel) {
        if (state == State.CLOSED) {
            session.close();
            return;
        }
        state = State.CONNECTED;
        boolean durable = persistence.durable();
        inbound = new InboundFlow(out, version, session, options, this, durable, inRel);
        int window = Math.min(options.outboundWindow(), clientReceiveMaximum);
        outbound = new OutboundFlow(out, version.isV5(), window, clientMaxPacketSize, clientTopicAliasMax,
                durable ? (k, v) -> session.putState(k, v) : null);
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (version.isV5()) {
            props = connAckProperties(assigned);
        }
        MqttConnAckMessage ack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(present)
                .properties(props)
                .build();
        out.write(ack);
        out.flush();
        out.keepAlive(keepAlive);
        out.handshakeDone();
        LOG.debug("FM1001 MQTT client '{}' connected from {} (level {}, session present {})", clientId, remote,
                version.isV5() ? 5 : 4, present);
        outbound.restoreReleases(outRel);
        for (SubscriptionRequest r : old) {
            ActiveSubscription a = new ActiveSubscription(r);
            subscriptions.put(r.key(), a);
            openSubscription(a).whenComplete((v, t) -> {
                if (t == null) {
                    startDeliveries(a);
                }
            });
        }
        List<MqttMessage> pending = new ArrayList<>(early);
        early.clear();
        for (MqttMessage m : pending) {
            onPacket(m);
        }
        out.flush();
    }

    private MqttProperties connAckProperties(boolean assigned) {
        MqttProperties p = new MqttProperties();
        if (assigned) {
            p.add(new MqttProperties.StringProperty(MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), clientId));
        }
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(),
                options.serverReceiveMaximum()));
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), maxPacketSize));
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(),
                options.maxTopicAlias()));
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                (int) sessionExpirySeconds));
        if (options.serverKeepAliveSeconds() > 0) {
            p.add(new MqttProperties.IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(),
                    options.serverKeepAliveSeconds()));
        }
        return p;
    }

    private void refuse(MqttConnectReturnCode code, String reason) {
        state = State.CLOSED;
        out.write(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false)
                .properties(version == null ? MqttProperties.NO_PROPERTIES
                        : version.reasonProperties(reason, problemInformation))
                .build());
        out.close();
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE: 3.1.1 §3.8, §3.10; 5.0 §3.8, §3.10 ----

    private void subscribe(MqttSubscribeMessage msg) {
        int packetId = msg.idAndPropertiesVariableHeader().messageId();
        int subId = version.isV5() ? V5Properties.intValue(msg.idAndPropertiesVariableHeader().properties(),
                MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0) : 0;
        List<MqttTopicSubscription> topics = msg.payload().topicSubscriptions();
        int[] codes = new int[topics.size()];
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<Runnable> afterAck = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            MqttTopicSubscription t = topics.get(i);
            SubscriptionRequest request = request(t, subId);
            int index = i;
            if (request == null) {
                codes[i] = version.subAckFailure(Failure.TOPIC_INVALID);
                continue;
            }
            ActiveSubscription previous = subscriptions.get(request.key());
            CompletableFuture<Void> closed = previous == null || previous.subscription == null
                    ? CompletableFuture.completedFuture(null)
                    : previous.subscription.close().toCompletableFuture();
            ActiveSubscription a = new ActiveSubscription(request);
            subscriptions.put(request.key(), a);
            CompletableFuture<Void> f = closed.exceptionally(x -> null).thenCompose(v -> openSubscription(a))
                    .thenCompose(v -> persistence.durable() && request.shareGroup() == null
                            ? session.putState("sub:" + request.key(), request.encode()).toCompletableFuture()
                            : CompletableFuture.<Void>completedFuture(null))
                    .handle((v, x) -> {
                        if (x != null) {
                            subscriptions.remove(request.key(), a);
                            codes[index] = version.subAckFailure(BrokerException.of(x));
                        } else {
                            codes[index] = request.qos(); // granted QoS: 3.1.1 §3.9.3
                            afterAck.add(() -> {
                                // 5.0 §3.3.1.3: retain handling 0 always, 1 only for a new subscription
                                boolean sendRetained = request.shareGroup() == null
                                        && (request.retainHandling() == 0
                                        || (request.retainHandling() == 1 && previous == null));
                                if (sendRetained) {
                                    sendRetained(a);
                                }
                                startDeliveries(a);
                            });
                        }
                        return null;
                    });
            done.add(f);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (state != State.CONNECTED) {
                return;
            }
            MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
            out.write(new MqttSubAckMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                    MqttProperties.NO_PROPERTIES), new MqttSubAckPayload(codes)));
            afterAck.forEach(Runnable::run);
            out.flush();
        });
    }

    private SubscriptionRequest request(MqttTopicSubscription t, int subId) {
        String filter = t.topicFilter();
        String group = null;
        if (filter.startsWith("$share/") && version.isV5()) { // 5.0 §4.8.2
            int slash = filter.indexOf('/', 7);
            if (slash <= 7) {
                return null;
            }
            group = filter.substring(7, slash);
            if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                return null;
            }
            filter = filter.substring(slash + 1);
        }
        if (!TopicNames.isValidTopicFilter(filter, options.maxTopicLength(), options.maxTopicLevels())) {
            return null;
        }
        var o = t.option();
        int qos = Math.min(2, o.qos().value());
        return new SubscriptionRequest(filter, group, qos, o.isNoLocal(), o.isRetainAsPublished(),
                o.retainHandling().value(), subId);
    }

    private CompletableFuture<Void> openSubscription(ActiveSubscription a) {
        SubscriptionRequest r = a.request;
        Broker.Persistence p = r.shareGroup() == null ? persistence : Broker.Persistence.TRANSIENT;
        return session.subscribe(r, p, (tag, data, redelivered, settled) -> {
            if (state != State.CONNECTED) {
                return;
            }
            int qos = Math.min(data.qos(), r.qos());
            boolean retain = r.retainAsPublished() && data.retain(); // 5.0 §3.3.1.3; always 0 in 3.1.1 forwarding
            outbound.offer(new Outgoing(data, qos, redelivered, retain, r.subscriptionId(), a.subscription, tag,
                    settled));
        }).toCompletableFuture().thenAccept(s -> a.subscription = s);
    }

    private void startDeliveries(ActiveSubscription a) {
        if (a.subscription != null && state == State.CONNECTED) {
            a.subscription.credit(Math.min(options.outboundWindow(), clientReceiveMaximum));
        }
    }

    private void sendRetained(ActiveSubscription a) {
        SubscriptionRequest r = a.request;
        session.retained(r.filter()).whenComplete((list, t) -> {
            if (t != null || state != State.CONNECTED) {
                return;
            }
            for (PublishData d : list) {
                // 3.1.1 §3.3.1.3: a retained message sent on subscribe has RETAIN 1
                outbound.offer(new Outgoing(d, Math.min(d.qos(), r.qos()), false, true, r.subscriptionId(), null, 0,
                        true));
            }
            out.flush();
        });
    }

    private void unsubscribe(MqttUnsubscribeMessage msg) {
        int packetId = msg.idAndPropertiesVariableHeader().messageId();
        List<String> filters = msg.payload().topics();
        short[] codes = new short[filters.size()];
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            ActiveSubscription a = subscriptions.remove(filters.get(i));
            if (a == null || a.subscription == null) {
                codes[i] = 0x11; // 5.0 §3.11.3 no subscription existed
                continue;
            }
            int index = i;
            CompletableFuture<Void> f = a.subscription.delete().toCompletableFuture();
            if (persistence.durable() && a.request.shareGroup() == null) {
                f = f.thenCompose(v -> session.putState("sub:" + a.request.key(), null).toCompletableFuture());
            }
            done.add(f.handle((v, t) -> {
                codes[index] = (short) (t == null ? 0 : version.subAckFailure(BrokerException.of(t)));
                return null;
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (state != State.CONNECTED) {
                return;
            }
            MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false,
                    0);
            out.write(new MqttUnsubAckMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                    MqttProperties.NO_PROPERTIES), version.isV5() ? new MqttUnsubAckPayload(codes) : null));
            out.flush();
        });
    }

    // ---- DISCONNECT, will, end of connection: 3.1.1 §3.14, §3.1.2.5; 5.0 §3.14, §3.1.3.2 ----

    private void disconnect(MqttMessage msg) {
        int reason = msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                ? h.reasonCode() & 0xff : 0;
        sendWill = reason == 0x04; // 5.0 §3.14.2.1: Disconnect with Will Message
        out.close();
    }

    /** The client sent nothing for 1.5 times its keep alive (3.1.1 §3.1.2.10, 5.0 §3.1.2.10). */
    void keepAliveExpired() {
        if (state == State.CONNECTED) {
            LOG.info("FM1003 MQTT client '{}' from {} silent past its keep alive, closed", clientId, remote);
            version.disconnect(out, 0x8D, "keep alive timeout");
        } else {
            out.close();
        }
    }

    /** Another connection took the client id over: v5 DISCONNECT 0x8E (5.0 §3.1.4). */
    void takenOver() {
        if (state == State.CLOSED) {
            cancelPendingWill();
            return;
        }
        state = State.CLOSED;
        sendWill = false;
        session = null; // the engine has released it
        version.disconnect(out, 0x8E, "session taken over");
    }

    /** The broker ends the connection (shutdown, administrative close): v5 DISCONNECT 0x8B. */
    void serverClosing() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        session = null;
        version.disconnect(out, 0x8B, "server shutting down");
    }

    @Override
    public void protocolError(int reasonCode, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        LOG.info("FM1004 MQTT client '{}' from {}: {}, closed", clientId, remote, reason);
        version.disconnect(out, reasonCode, reason);
    }

    /** A malformed or oversized packet (the decoder reported it); see MqttServerHandler. */
    void decodeFailed(int reasonCode, String reason) {
        if (state == State.AWAIT_CONNECT || version == null) {
            out.close();
        } else if (state == State.CONNECTING) {
            refuse(reasonCode == 0x95 ? MqttConnectReturnCode.CONNECTION_REFUSED_PACKET_TOO_LARGE
                    : MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET, reason);
        } else {
            version.disconnect(out, reasonCode, reason);
        }
    }

    /** The client's CONNECT asked for an unsupported protocol level (3.1.1 §3.1.2.2 return code 0x01). */
    void unsupportedLevel() {
        state = State.CLOSED;
        out.write(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION).build());
        out.close();
    }

    /** The client id the server rejected while decoding (too long for 3.1, invalid characters). */
    void identifierRejected() {
        state = State.CLOSED;
        out.write(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED).build());
        out.close();
    }

    @Override
    public boolean isOpen() {
        return state == State.CONNECTED;
    }

    /** The channel became writable again. */
    void writabilityChanged() {
        if (state == State.CONNECTED) {
            outbound.pump();
            session.writabilityChanged();
        }
    }

    /** The network connection is gone. Publishes the will unless the client said goodbye. */
    void channelClosed() {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        State was = state;
        state = State.CLOSED;
        Broker.Session s = session;
        if (s == null || was != State.CONNECTED) {
            return; // still connecting: the open's completion closes it; taken over: already released
        }
        CompletableFuture<Void> steps = CompletableFuture.completedFuture(null);
        if (persistence.durable()) {
            steps = steps.thenCompose(v -> s.putState("session", sessionRecord(System.currentTimeMillis()))
                    .toCompletableFuture());
        }
        if (will != null && sendWill) {
            long delay = Math.min(willDelaySeconds, persistence.durable() ? sessionExpirySeconds : 0);
            if (delay > 0) {
                // 5.0 §3.1.3.2.2: the engine connection stays open until the will is due; a reconnection takes the
                // client id over, which terminates it (takenOver on this session) and so cancels the will
                ScheduledFuture<?> timer = scheduler.schedule(() -> publishWillAndClose(s), delay, TimeUnit.SECONDS);
                pendingWill = timer;
                return;
            }
            PublishData w = will;
            steps = steps.thenCompose(v -> s.publish(w).toCompletableFuture().thenApply(r -> (Void) null))
                    .exceptionally(t -> {
                        LOG.warn("FM2002 will of MQTT client '{}' not published: {}", clientId,
                                BrokerException.messageOf(t));
                        return null;
                    });
        }
        steps.whenComplete((v, t) -> s.close());
    }

    private ScheduledFuture<?> pendingWill;

    private void publishWillAndClose(Broker.Session s) {
        if (pendingWill == null) {
            return;
        }
        pendingWill = null;
        s.publish(will).whenComplete((r, t) -> s.close());
    }

    /** A reconnection in time cancels the delayed will (5.0 §3.1.3.2.2). */
    private boolean cancelPendingWill() {
        if (pendingWill != null) {
            pendingWill.cancel(false);
            pendingWill = null;
            return true;
        }
        return false;
    }
}
