package io.ferrymq.transport.mqtt;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one connected session: SUBSCRIBE and UNSUBSCRIBE (MQTT 3.1.1 §3.8, §3.10; 5.0 §3.8, §3.10),
 * the subscriptions a persistent session resumes, retained messages on subscribe (5.0 §3.3.1.3 retain handling),
 * and the deliveries that go to the {@link OutboundFlow}. A persistent session's subscriptions are recorded in its
 * {@link StoredSession} state; shared ones ({@code $share/g/f}, 5.0 §4.8.2) are not.
 *
 * <p>Not thread safe: confined to the connection's event loop.
 */
final class Subscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private final PacketWriter out;
    private final VersionStrategy version;
    private final MqttOptions options;
    private final Broker.Session session;
    private final Broker.Persistence persistence;
    private final OutboundFlow outbound;
    private final int credit;
    private final BooleanSupplier open;
    private final Map<String, Active> active = new HashMap<>();

    /** A subscription and its options; {@code subscription} is null until the broker opened it. */
    private static final class Active {
        final SubscriptionRequest request;
        Broker.Subscription subscription;

        Active(SubscriptionRequest request) {
            this.request = request;
        }
    }

    /**
     * @param credit how many deliveries each subscription may have outstanding (the outbound window)
     * @param open   whether the connection is still open
     */
    Subscriptions(PacketWriter out, VersionStrategy version, MqttOptions options, Broker.Session session,
            Broker.Persistence persistence, OutboundFlow outbound, int credit, BooleanSupplier open) {
        this.out = out;
        this.version = version;
        this.options = options;
        this.session = session;
        this.persistence = persistence;
        this.outbound = outbound;
        this.credit = credit;
        this.open = open;
    }

    /** Reopens the subscriptions of a resumed persistent session (no retained messages: 3.1.1 §3.8.4). */
    void resume(List<SubscriptionRequest> requests) {
        for (SubscriptionRequest r : requests) {
            Active a = new Active(r);
            active.put(r.key(), a);
            open(a).whenComplete((v, t) -> {
                if (t == null) {
                    startDeliveries(a);
                } else if (open.getAsBoolean()) {
                    LOG.warn("FM1008 MQTT session could not resume its subscription '{}': {}", r.filter(),
                            BrokerException.messageOf(t));
                }
            });
        }
    }

    /** SUBSCRIBE: answers SUBACK with a granted QoS or a failure per filter, in order (3.1.1 §3.9). */
    void subscribe(MqttSubscribeMessage msg) {
        int packetId = msg.idAndPropertiesVariableHeader().messageId();
        int subId = version.isV5() ? V5Properties.intValue(msg.idAndPropertiesVariableHeader().properties(),
                MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0) : 0;
        List<MqttTopicSubscription> topics = msg.payload().topicSubscriptions();
        int[] codes = new int[topics.size()];
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<Runnable> afterAck = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            SubscriptionRequest request = request(topics.get(i), subId);
            if (request == null) {
                codes[i] = version.subAckFailure(Failure.TOPIC_INVALID);
                continue;
            }
            done.add(subscribe(request, codes, i, afterAck));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (!open.getAsBoolean()) {
                return;
            }
            MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
            out.write(new MqttSubAckMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                    MqttProperties.NO_PROPERTIES), new MqttSubAckPayload(codes)));
            afterAck.forEach(Runnable::run);
            out.flush();
        });
    }

    private CompletableFuture<Void> subscribe(SubscriptionRequest request, int[] codes, int index,
            List<Runnable> afterAck) {
        Active previous = active.get(request.key());
        CompletableFuture<Void> closed = previous == null || previous.subscription == null
                ? CompletableFuture.completedFuture(null)
                : previous.subscription.close().toCompletableFuture();
        Active a = new Active(request);
        active.put(request.key(), a);
        return closed.exceptionally(x -> null).thenCompose(v -> open(a))
                .thenCompose(v -> recorded(request)
                        ? session.putState(StoredSession.subscriptionKey(request), request.encode())
                                .toCompletableFuture()
                        : CompletableFuture.<Void>completedFuture(null))
                .handle((v, x) -> {
                    if (x != null) {
                        active.remove(request.key(), a);
                        codes[index] = version.subAckFailure(BrokerException.of(x));
                        return null;
                    }
                    codes[index] = request.qos(); // granted QoS: 3.1.1 §3.9.3
                    afterAck.add(() -> {
                        // 5.0 §3.3.1.3: retain handling 0 always, 1 only for a new subscription, never when shared
                        boolean sendRetained = request.shareGroup() == null && (request.retainHandling() == 0
                                || (request.retainHandling() == 1 && previous == null));
                        if (sendRetained) {
                            sendRetained(a);
                        }
                        startDeliveries(a);
                    });
                    return null;
                });
    }

    private boolean recorded(SubscriptionRequest request) {
        return persistence.durable() && request.shareGroup() == null;
    }

    /** The request of one filter, or null when the filter is invalid (3.1.1 §4.7.1, 5.0 §4.7.1, §4.8.2). */
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

    private CompletableFuture<Void> open(Active a) {
        SubscriptionRequest r = a.request;
        Broker.Persistence p = r.shareGroup() == null ? persistence : Broker.Persistence.TRANSIENT;
        return session.subscribe(r, p, (tag, data, redelivered, settled) -> {
            if (!open.getAsBoolean()) {
                return;
            }
            int qos = Math.min(data.qos(), r.qos()); // 3.1.1 §3.8.4
            boolean retain = r.retainAsPublished() && data.retain(); // 5.0 §3.3.1.3; always 0 in 3.1.1 forwarding
            outbound.offer(new Outgoing(data, qos, redelivered, retain, r.subscriptionId(), a.subscription, tag,
                    settled));
        }).toCompletableFuture().thenAccept(s -> a.subscription = s);
    }

    /**
     * After the connection ended: reattaches each persistent subscription once with {@code changed}, so the broker
     * applies its new expiry (a v5 DISCONNECT's Session Expiry Interval, 5.0 §3.14.2.2.2), and detaches it again.
     * The reattached subscriptions get no credit, so they deliver nothing.
     */
    CompletableFuture<Void> reattach(Broker.Persistence changed) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Active a : active.values()) {
            Broker.Subscription old = a.subscription;
            if (old == null || !recorded(a.request)) {
                continue;
            }
            all = all.thenCompose(v -> old.close().toCompletableFuture())
                    .thenCompose(v -> session.subscribe(a.request, changed, (tag, data, redelivered, settled) -> { })
                            .toCompletableFuture())
                    .thenCompose(s -> s.close().toCompletableFuture())
                    .exceptionally(x -> {
                        LOG.debug("FM1009 MQTT session could not apply its new expiry to subscription '{}': {}",
                                a.request.filter(), BrokerException.messageOf(x));
                        return null;
                    });
        }
        return all;
    }

    private void startDeliveries(Active a) {
        if (a.subscription != null && open.getAsBoolean()) {
            a.subscription.credit(credit);
        }
    }

    private void sendRetained(Active a) {
        SubscriptionRequest r = a.request;
        session.retained(r.filter()).whenComplete((list, t) -> {
            if (t != null || !open.getAsBoolean()) {
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

    /** UNSUBSCRIBE: deletes the subscriptions with their messages and answers UNSUBACK (5.0 §3.11.3 codes). */
    void unsubscribe(MqttUnsubscribeMessage msg) {
        int packetId = msg.idAndPropertiesVariableHeader().messageId();
        List<String> filters = msg.payload().topics();
        short[] codes = new short[filters.size()];
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            Active a = active.remove(filters.get(i));
            if (a == null || a.subscription == null) {
                codes[i] = 0x11; // 5.0 §3.11.3 no subscription existed
                continue;
            }
            int index = i;
            CompletableFuture<Void> f = a.subscription.delete().toCompletableFuture();
            if (recorded(a.request)) {
                f = f.thenCompose(v -> session.putState(StoredSession.subscriptionKey(a.request), null)
                        .toCompletableFuture());
            }
            done.add(f.handle((v, t) -> {
                codes[index] = (short) (t == null ? 0 : version.subAckFailure(BrokerException.of(t)));
                return null;
            }));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((v, t) -> {
            if (!open.getAsBoolean()) {
                return;
            }
            MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false,
                    0);
            out.write(new MqttUnsubAckMessage(fixed, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                    MqttProperties.NO_PROPERTIES), version.isV5() ? new MqttUnsubAckPayload(codes) : null));
            out.flush();
        });
    }
}
