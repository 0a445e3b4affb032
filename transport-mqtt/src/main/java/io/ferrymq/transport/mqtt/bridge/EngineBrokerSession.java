package io.ferrymq.transport.mqtt.bridge;

import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineConnection;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.SubscriptionSpec;
import io.ferrymq.transport.mqtt.Broker;
import io.ferrymq.transport.mqtt.PublishData;
import io.ferrymq.transport.mqtt.SubscriptionRequest;
import io.ferrymq.transport.mqtt.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One MQTT connection's engine connection and session.
 *
 * <p>Subscriptions map as follows: a filter of a transient session is a private subscription; a filter of a
 * persistent session is the durable subscription {@code clientId.<address of the filter>} with the session expiry
 * as its expiry delay and {@code MqttOptions.maxQueuedMessages} as its message cap; {@code $share/g/f} is the
 * global shared subscription {@code $share.g.<address of f>}, which lives while it has members (unacknowledged
 * messages of a leaving member go to the other members).
 */
final class EngineBrokerSession implements Broker.Session {

    private final EngineConnection connection;
    private final EngineSession session;
    private final String clientId;

    EngineBrokerSession(EngineConnection connection, String clientId) {
        this.connection = connection;
        this.session = connection.createSession();
        this.clientId = clientId;
    }

    @Override
    public CompletionStage<Boolean> publish(PublishData data) {
        Message message = MessageConverter.toMessage(data);
        // retained messages are kept in the journal whatever their QoS (as Mosquitto persists them), so they
        // survive a restart; the routed copy keeps the publication's durability
        CompletionStage<Void> retained = data.retain()
                ? mapped(session.retain(message.toBuilder().durable(true).build()), Function.identity())
                : CompletableFuture.completedFuture(null);
        // MQTT 3.1.1 §3.3.1.3 / 5.0 §3.3.1.3: an empty retained payload clears the retained message and is
        // still processed as normal, i.e. routed to the current subscribers.
        return retained.thenCompose(v -> mapped(session.send(message), r -> r.routed()));
    }

    @Override
    public CompletionStage<Broker.Subscription> subscribe(SubscriptionRequest request, Broker.Persistence persistence,
            Broker.DeliveryHandler handler) {
        SubscriptionSpec spec = spec(request, persistence);
        EngineSubscription sub = new EngineSubscription(handler);
        return mapped(session.subscribe(spec, sub), c -> {
            sub.consumer = c;
            sub.durableName = spec.durable() ? spec.subscriptionName() : null;
            sub.durableClientId = spec.clientId();
            return sub;
        });
    }

    private SubscriptionSpec spec(SubscriptionRequest request, Broker.Persistence persistence) {
        String address = TopicNames.toAddress(request.filter());
        SubscriptionSpec.Builder b = SubscriptionSpec.topic(address).autoAccept(request.qos() == 0);
        if (request.shareGroup() != null) {
            b.named(null, sharedName(request)).shared(true);
        } else if (persistence.durable()) {
            b.durable(clientId, address).expiryDelay(persistence.expiryMillis())
                    .maxMessages(persistence.maxMessages());
        }
        return b.noLocal(request.noLocal()).build();
    }

    private static String sharedName(SubscriptionRequest request) {
        return "$share." + TopicNames.toAddress(request.shareGroup().replace('/', '_')) + "."
                + TopicNames.toAddress(request.filter());
    }

    @Override
    public CompletionStage<Void> deleteSubscription(SubscriptionRequest request) {
        if (request.shareGroup() != null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.deleteSubscription(clientId, TopicNames.toAddress(request.filter())).whenComplete((v, t) -> {
            if (t == null || EngineFailures.isNotFound(t)) {
                done.complete(null);
            } else {
                done.completeExceptionally(EngineFailures.map(t));
            }
        });
        return done;
    }

    @Override
    public CompletionStage<List<PublishData>> retained(String filter) {
        return mapped(session.retained(TopicNames.toAddress(filter)), list -> {
            List<PublishData> out = new ArrayList<>(list.size());
            for (Message m : list) {
                out.add(MessageConverter.toPublish(m));
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Map<String, byte[]>> loadState() {
        return mapped(session.clientState(clientId), Function.identity());
    }

    @Override
    public CompletionStage<Void> putState(String key, byte[] value) {
        return mapped(session.putClientState(clientId, key, value), Function.identity());
    }

    @Override
    public CompletionStage<Void> clearState() {
        return mapped(session.deleteClientState(clientId), Function.identity());
    }

    @Override
    public void writabilityChanged() {
        connection.writabilityChanged();
    }

    @Override
    public CompletionStage<Void> close() {
        return connection.close();
    }

    /** Completes with {@code f} of the engine's result, or fails with the mapped {@code BrokerException}. */
    private static <T, R> CompletionStage<R> mapped(CompletionStage<T> stage, Function<T, R> f) {
        CompletableFuture<R> out = new CompletableFuture<>();
        stage.whenComplete((v, t) -> {
            if (t != null) {
                out.completeExceptionally(EngineFailures.map(t));
            } else {
                try {
                    out.complete(f.apply(v));
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            }
        });
        return out;
    }

    /** A consumer and its sink. Event loop confined. */
    private final class EngineSubscription implements Broker.Subscription, DeliverySink {
        private final Broker.DeliveryHandler handler;
        private Consumer consumer;
        private String durableName;
        private String durableClientId;

        EngineSubscription(Broker.DeliveryHandler handler) {
            this.handler = handler;
        }

        @Override
        public void deliver(Delivery d) {
            handler.deliver(d.tag(), MessageConverter.toPublish(d.message()), d.redelivered(), d.settled());
        }

        @Override
        public void credit(int n) {
            consumer.flow(n);
        }

        @Override
        public CompletionStage<Void> accept(long tag) {
            return mapped(consumer.settle(tag, Outcome.ACCEPTED), Function.identity());
        }

        @Override
        public CompletionStage<Void> close() {
            return mapped(consumer.close(), Function.identity());
        }

        @Override
        public CompletionStage<Void> delete() {
            CompletionStage<Void> closed = close();
            if (durableName == null) {
                return closed;
            }
            return closed.thenCompose(v -> mapped(session.deleteSubscription(durableClientId, durableName),
                    Function.identity()));
        }
    }
}
