package io.ferrymq.transport.mqtt;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The broker as the MQTT protocol side needs it: the port that {@code io.ferrymq.transport.mqtt.bridge} implements
 * on the engine API, so the protocol state machine never sees an engine type (and a test can stand in for it).
 *
 * <p>Threading: methods may be called from any thread and never block; every callback and the completion of every
 * returned stage runs on {@link Events#executor()} (the connection's event loop).
 */
public interface Broker {

    /**
     * Authenticates and opens a session for {@code clientId}, taking the client id over from a live connection
     * (MQTT 3.1.1 §3.1.4, 5.0 §3.1.4). Fails with a {@link BrokerException}.
     */
    CompletionStage<Session> open(String clientId, String username, byte[] password, SocketAddress remote,
            Events events);

    /** The broker's way back to the connection. */
    interface Events {
        /** The connection's event loop. */
        Executor executor();

        /** Whether the channel takes more writes now; any thread. */
        boolean isWritable();

        /** Stop reading: inbound back-pressure. */
        void pauseReads();

        /** Resume reading. */
        void resumeReads();

        /** The broker ended the connection: another connection took the client id over. */
        void takenOver();

        /** The broker ended the connection: it shuts down or an administrator closed it. */
        void serverClosing();
    }

    /**
     * How a subscription lives: with the connection, or on as part of a persistent session.
     *
     * @param durable      the subscription outlives the connection (and the broker)
     * @param expiryMillis how long a durable subscription lives without its client, -1 forever
     * @param maxMessages  the most messages a durable subscription holds; while it is full newer messages are
     *                     dropped for it ({@link MqttOptions#maxQueuedMessages()}); -1 no cap
     */
    record Persistence(boolean durable, long expiryMillis, long maxMessages) {
        public static final Persistence TRANSIENT = new Persistence(false, -1, -1);
    }

    /** One open session. */
    interface Session {
        /**
         * Routes a publication (and keeps it as the retained message when {@link PublishData#retain()}); completes
         * with true when some subscription took it, once it is synced if durable.
         */
        CompletionStage<Boolean> publish(PublishData data);

        /** Subscribes; the subscription delivers nothing until it has credit. */
        CompletionStage<Subscription> subscribe(SubscriptionRequest request, Persistence persistence,
                DeliveryHandler handler);

        /** Deletes a persistent subscription left by an earlier connection; succeeds when there is none. */
        CompletionStage<Void> deleteSubscription(SubscriptionRequest request);

        /** The retained messages matching an MQTT topic filter. */
        CompletionStage<List<PublishData>> retained(String filter);

        /** The durable session records of the client. */
        CompletionStage<Map<String, byte[]>> loadState();

        /** Stores (or with null deletes) one durable session record; completes when synced. */
        CompletionStage<Void> putState(String key, byte[] value);

        /** Deletes every durable session record. */
        CompletionStage<Void> clearState();

        /** The channel became writable again. */
        void writabilityChanged();

        /** Closes the session: open subscriptions return unacknowledged messages to their queues. */
        CompletionStage<Void> close();
    }

    /** One subscription of a session. */
    interface Subscription {
        /** Allows {@code n} more deliveries. */
        void credit(int n);

        /** Acknowledges a delivery (PUBACK, PUBREC). */
        CompletionStage<Void> accept(long tag);

        /** Detaches; a persistent subscription keeps collecting messages. */
        CompletionStage<Void> close();

        /** Detaches and deletes the subscription with its messages (UNSUBSCRIBE). */
        CompletionStage<Void> delete();
    }

    /** Receives a subscription's deliveries on the connection's event loop. */
    interface DeliveryHandler {
        /**
         * @param tag the delivery's tag for {@link Subscription#accept}
         * @param data the message
         * @param redelivered sent before and not acknowledged (MQTT DUP)
         * @param settled already settled (at-most-once subscription): do not accept it
         */
        void deliver(long tag, PublishData data, boolean redelivered, boolean settled);
    }
}
