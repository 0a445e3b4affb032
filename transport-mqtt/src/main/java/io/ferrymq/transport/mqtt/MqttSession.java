package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT protocol state machine of one connection: AWAIT_CONNECT, CONNECTING (the broker authenticates and loads
 * the session), CONNECTED, CLOSED. It reads the CONNECT ({@link ConnectParams}), resumes or discards the stored
 * session ({@link StoredSession}), then dispatches packets to {@link Subscriptions}, {@link InboundFlow} and
 * {@link OutboundFlow}, and hands the end of the connection to the {@link Will}. Version differences live in
 * {@link VersionStrategy}. It talks to the broker only through {@link Broker} and to the network only through
 * {@link Channel}, so it runs without a socket in tests.
 *
 * <p>Not thread safe: every method is called on the connection's event loop, and so are the broker's callbacks.
 */
final class MqttSession implements InboundFlow.Owner {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);

    /** What the session asks of its channel beyond writing packets. */
    interface Channel extends PacketWriter {
        /** Closes after 1.5 x {@code seconds} without a packet from the client (0: never). */
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

    private State state = State.AWAIT_CONNECT;
    private VersionStrategy version;
    private ConnectParams params;
    private Broker.Session session;
    private Will will;
    private InboundFlow inbound;
    private OutboundFlow outbound;
    private Subscriptions subscriptions;
    /** The v5 DISCONNECT's Session Expiry Interval in seconds (5.0 §3.14.2.2.2), -1 when it set none. */
    private long disconnectExpiry = -1;

    /**
     * @param scheduler     runs the will delay timer; the connection's event loop
     * @param maxPacketSize the largest packet the server accepts (announced in a v5 CONNACK)
     */
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
                    state = State.CLOSED;
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
            case SUBSCRIBE -> subscriptions.subscribe((MqttSubscribeMessage) msg);
            case UNSUBSCRIBE -> subscriptions.unsubscribe((MqttUnsubscribeMessage) msg);
            case PINGREQ -> { // 3.1.1 §3.12, 5.0 §3.12
                out.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
                out.flush();
            }
            case DISCONNECT -> disconnect(msg);
            default -> protocolError(0x82, "unexpected " + type); // a second CONNECT: 3.1.1 §3.1.0, 5.0 §3.1
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
        try {
            params = ConnectParams.read(connect, options);
        } catch (ConnectParams.Refused r) {
            version = r.version;
            refuse(r.code, r.getMessage(), r.problemInformation);
            return;
        }
        version = params.version();
        if (params.will() != null) {
            will = new Will(params.will(), params.willDelaySeconds(), params.clientId());
        }
        state = State.CONNECTING;
        broker.open(params.clientId(), params.username(), params.password(), remote, events).whenComplete((s, t) -> {
            if (t != null) {
                LOG.info("FM1002 MQTT connection of client '{}' from {} refused: {}", params.clientId(), remote,
                        BrokerException.messageOf(t));
                refuse(version.refusal(BrokerException.of(t)), BrokerException.messageOf(t),
                        params.problemInformation());
            } else if (state == State.CLOSED) {
                s.close();
            } else {
                session = s;
                s.loadState().whenComplete((stored, t2) -> restore(StoredSession.decode(
                        stored == null ? Map.of() : stored, System.currentTimeMillis())));
            }
        });
    }

    /** Resumes the stored session, or discards it for a clean start (3.1.1 §3.1.2.4, 5.0 §3.1.2.4). */
    private void restore(StoredSession stored) {
        if (state == State.CLOSED) {
            session.close();
            return;
        }
        boolean resume = stored.resumedBy(params.cleanStart());
        if (resume && !params.persistence().durable()) {
            params = params.resumedUntilClose(options); // 5.0 §3.1.2.4 with a Session Expiry Interval of 0
        }
        CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
        if (!resume && !stored.empty()) {
            for (SubscriptionRequest r : stored.subscriptions()) {
                ready = ready.thenCompose(v -> session.deleteSubscription(r).toCompletableFuture());
            }
            ready = ready.thenCompose(v -> session.clearState().toCompletableFuture());
        }
        if (params.persistence().durable()) {
            byte[] record = StoredSession.sessionRecord(params.persistence().expiryMillis(), 0);
            ready = ready.thenCompose(v -> session.putState(StoredSession.SESSION_KEY, record).toCompletableFuture());
        }
        ready.whenComplete((v, t) -> connected(resume, resume ? stored : StoredSession.decode(Map.of(), 0)));
    }

    private void connected(boolean present, StoredSession stored) {
        if (state == State.CLOSED) {
            session.close();
            return;
        }
        state = State.CONNECTED;
        Broker.Persistence persistence = params.persistence();
        boolean durable = persistence.durable();
        int window = params.outboundWindow(options);
        inbound = new InboundFlow(out, version, session, options, this, durable, stored.inboundRel());
        outbound = new OutboundFlow(out, version.isV5(), window, params.clientMaxPacketSize(),
                params.clientTopicAliasMax(), durable ? (k, v) -> session.putState(k, v) : null);
        subscriptions = new Subscriptions(out, version, options, session, persistence, outbound, window,
                this::isOpen);
        MqttConnAckMessage ack = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(present)
                .properties(version.isV5() ? params.connAckProperties(options, maxPacketSize)
                        : MqttProperties.NO_PROPERTIES)
                .build();
        out.write(ack);
        out.flush();
        out.keepAlive(params.keepAliveSeconds());
        out.handshakeDone();
        LOG.debug("FM1001 MQTT client '{}' connected from {} (v5 {}, session present {})", params.clientId(),
                remote, version.isV5(), present);
        outbound.restoreReleases(stored.outboundRel());
        subscriptions.resume(stored.subscriptions());
        List<MqttMessage> pending = new ArrayList<>(early);
        early.clear();
        for (MqttMessage m : pending) {
            onPacket(m);
        }
        out.flush();
    }

    private void refuse(MqttConnectReturnCode code, String reason, boolean problemInformation) {
        state = State.CLOSED;
        out.write(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false)
                .properties(version == null ? MqttProperties.NO_PROPERTIES
                        : version.reasonProperties(reason, problemInformation))
                .build());
        out.close();
    }

    // ---- DISCONNECT and the end of the connection: 3.1.1 §3.14, 5.0 §3.14 ----

    private void disconnect(MqttMessage msg) {
        int reason = 0;
        if (msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            reason = h.reasonCode() & 0xff;
            MqttProperties props = h.properties();
            if (version.isV5() && props != null
                    && props.getProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value()) != null) {
                long requested = V5Properties.uintValue(props, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
                if (params.sessionExpirySeconds() == 0 && requested != 0) {
                    // 5.0 §3.14.2.2.2: a non-zero expiry in DISCONNECT after 0 in CONNECT is a Protocol Error
                    protocolError(0x82, "session expiry interval set by DISCONNECT after 0 in CONNECT");
                    return;
                }
                // 5.0 §3.14.2.2.2: the DISCONNECT's Session Expiry Interval replaces the CONNECT's
                disconnectExpiry = Math.min(options.maxSessionExpirySeconds(), requested);
            }
        }
        if (will != null) {
            will.disconnect(reason);
        }
        out.close();
    }

    /** The client sent nothing for 1.5 times its keep alive (3.1.1 §3.1.2.10, 5.0 §3.1.2.10). */
    void keepAliveExpired() {
        if (state == State.CONNECTED) {
            LOG.info("FM1003 MQTT client '{}' from {} silent past its keep alive, closed", params.clientId(),
                    remote);
            version.disconnect(out, 0x8D, "keep alive timeout");
        } else {
            out.close();
        }
    }

    /** Another connection took the client id over: v5 DISCONNECT 0x8E (5.0 §3.1.4); cancels a delayed will. */
    void takenOver() {
        if (will != null) {
            will.cancel(); // 5.0 §3.1.3.2.2: a reconnection in time cancels the delayed will
        }
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
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
        state = State.CLOSED;
        LOG.info("FM1004 MQTT client '{}' from {}: {}, closed", params == null ? null : params.clientId(), remote,
                reason);
        version.disconnect(out, reasonCode, reason);
    }

    /** A malformed or oversized packet (the decoder reported it); see MqttServerHandler. */
    void decodeFailed(int reasonCode, String reason) {
        if (state == State.AWAIT_CONNECT || version == null) {
            state = State.CLOSED;
            out.close();
        } else if (state == State.CONNECTING) {
            refuse(reasonCode == 0x95 ? MqttConnectReturnCode.CONNECTION_REFUSED_PACKET_TOO_LARGE
                    : MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET, reason, params.problemInformation());
        } else if (state == State.CONNECTED) {
            state = State.CLOSED;
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

    /**
     * The network connection is gone: records when the client left (persistent session), publishes the will unless
     * the client said goodbye, and closes the broker session.
     */
    void channelClosed() {
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        Broker.Session s = session;
        boolean wasConnected = outbound != null && s != null;
        state = State.CLOSED;
        if (!wasConnected) {
            return; // still connecting: the open's completion closes it; taken over: already released
        }
        session = null;
        CompletableFuture<Void> steps = CompletableFuture.completedFuture(null);
        Broker.Persistence persistence = params.persistence();
        long expirySeconds = params.sessionExpirySeconds();
        if (persistence.durable()) {
            long expiryMillis = persistence.expiryMillis();
            if (disconnectExpiry >= 0 && disconnectExpiry * 1000 != expiryMillis) {
                expirySeconds = disconnectExpiry;
                expiryMillis = disconnectExpiry * 1000;
                Broker.Persistence changed = new Broker.Persistence(true, expiryMillis, persistence.maxMessages());
                steps = steps.thenCompose(v -> subscriptions.reattach(changed));
            }
            byte[] record = StoredSession.sessionRecord(expiryMillis, System.currentTimeMillis());
            steps = steps.thenCompose(v -> s.putState(StoredSession.SESSION_KEY, record).toCompletableFuture());
        }
        long willExpiry = expirySeconds;
        steps.whenComplete((v, t) -> {
            if (will == null) {
                s.close();
            } else {
                will.connectionLost(s, willExpiry, scheduler, s::close);
            }
        });
    }
}
