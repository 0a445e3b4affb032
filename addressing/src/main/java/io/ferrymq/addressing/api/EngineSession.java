package io.ferrymq.addressing.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A session: sends messages, creates consumers, declares queues and runs transactions. A connection may have many.
 *
 * <p>Thread safe; methods do not block. Returned stages complete on the connection's executor; messages sent by
 * one session to one queue keep their order.
 */
public interface EngineSession {

    /**
     * Routes a message to the queues of its address.
     *
     * <p>The stage completes when the message is routed and, if it is durable and reached a durable queue, its record
     * is synced to disk: the moment to send MQTT PUBACK/PUBREC, an AMQP disposition, a STOMP RECEIPT or an OpenWire
     * ProducerAck. With a transaction the message stays invisible until {@link Transaction#commit()}; the stage then
     * completes once the message is recorded in the transaction.
     *
     * <p>Fails with {@link EngineException.Kind#NOT_AUTHORIZED}, {@link EngineException.Kind#ADDRESS_NOT_FOUND},
     * {@link EngineException.Kind#ROUTING_TYPE_MISMATCH}, {@link EngineException.Kind#ADDRESS_FULL} or
     * {@link EngineException.Kind#INTERNAL} (storage failure).
     *
     * @param message the message; {@link Message#address()} says where it goes
     * @param transaction the transaction the send belongs to, or null
     */
    CompletionStage<SendResult> send(Message message, Transaction transaction);

    /** {@link #send(Message, Transaction)} outside a transaction. */
    default CompletionStage<SendResult> send(Message message) {
        return send(message, null);
    }

    /**
     * Schedules repeated or cron-driven deliveries of {@code message} (ActiveMQ's scheduler; a single delayed
     * delivery is simpler as {@link Message#deliveryTime()}). The schedule and its progress are journaled when the
     * message is durable, so deliveries continue after a restart; deliveries missed while the broker was down happen
     * once at start. Completes when the schedule is recorded. Needs the SEND permission on the address.
     *
     * <p>Fails with {@link EngineException.Kind#INVALID_ARGUMENT} for a bad cron expression.
     */
    default CompletionStage<Void> schedule(Message message, Schedule schedule) {
        return schedule(message, schedule, null);
    }

    /**
     * {@link #schedule(Message, Schedule)} within a transaction: the schedule starts when the transaction commits
     * (and is forgotten on rollback). The schedule is journaled right after the transaction's commit record, not
     * inside it.
     */
    CompletionStage<Void> schedule(Message message, Schedule schedule, Transaction transaction);

    /**
     * Keeps {@code message} as the retained message of its address (MQTT 3.1.1 §3.3.1.3, 5.0 §3.3.1.3), replacing
     * the previous one; a message with an empty body clears it. Retained messages are journaled when
     * {@link Message#durable()} and survive restarts. This does not route the message: send it as well. Needs the
     * SEND permission on the address.
     */
    CompletionStage<Void> retain(Message message);

    /**
     * The retained messages whose address matches {@code addressPattern} (canonical wildcards; a wildcard in the
     * first position does not match an address beginning with {@code $}), without expired ones, in no particular
     * order. Needs the CONSUME permission on the pattern.
     */
    CompletionStage<List<Message>> retained(String addressPattern);

    /**
     * Stores small durable records about a client, kept across restarts until deleted: a protocol's session state
     * that is not messages (MQTT: QoS 2 packet ids in flight, the session expiry, the will). A null value deletes
     * the key. Completes when synced.
     */
    CompletionStage<Void> putClientState(String clientId, String key, byte[] value);

    /** Every state record of {@code clientId} (empty when none). */
    CompletionStage<Map<String, byte[]>> clientState(String clientId);

    /** Deletes every state record of {@code clientId}. */
    CompletionStage<Void> deleteClientState(String clientId);

    /**
     * Creates a consumer (or a browser) as the spec says, creating the subscription queue when the spec asks for
     * one. The consumer receives nothing until it is given credit ({@link Consumer#flow(int)}).
     *
     * <p>Fails with {@link EngineException.Kind#NOT_AUTHORIZED}, {@link EngineException.Kind#QUEUE_NOT_FOUND},
     * {@link EngineException.Kind#ADDRESS_NOT_FOUND}, {@link EngineException.Kind#INVALID_FILTER},
     * {@link EngineException.Kind#QUEUE_IN_USE} (an exclusive durable subscription already has a consumer).
     */
    CompletionStage<Consumer> subscribe(SubscriptionSpec spec, DeliverySink sink);

    /** Starts a local transaction. Many may be open at once (AMQP and STOMP allow it). */
    Transaction beginTransaction();

    /**
     * Starts an XA transaction branch (OpenWire XA). Fails with {@link EngineException.Kind#TRANSACTION_FAILED}
     * when a transaction with that branch id exists.
     */
    Transaction beginTransaction(Xid xid);

    /** Finds XA branches, live, prepared or recovered after a restart. */
    XaRecovery xaRecovery();

    /**
     * Creates a queue (and its address when missing), or returns the existing one when it has the same address and
     * routing type. Fails with {@link EngineException.Kind#QUEUE_EXISTS} when it exists with other attributes, and
     * with {@link EngineException.Kind#NOT_AUTHORIZED}.
     */
    CompletionStage<QueueInfo> declareQueue(QueueSpec spec);

    /**
     * Creates a temporary queue on an address of the same name, owned by this session's connection and deleted
     * when the connection closes (JMS TemporaryQueue, AMQP dynamic node, STOMP {@code /temp-queue/}).
     *
     * @param name the queue's name
     * @param routingType ANYCAST for a temporary queue; MULTICAST makes a multicast queue (prefer
     *     {@link #createTemporaryTopic(String)} for a temporary topic)
     */
    CompletionStage<QueueInfo> createTemporaryQueue(String name, RoutingType routingType);

    /**
     * Creates a temporary topic: a MULTICAST address without queues, owned by this session's connection and deleted,
     * with every subscription on it, when the connection closes (JMS TemporaryTopic). Subscribe to it like any
     * address.
     */
    CompletionStage<AddressInfo> createTemporaryTopic(String name);

    /** Deletes a queue and its messages. Fails with {@link EngineException.Kind#QUEUE_IN_USE} if it has consumers. */
    CompletionStage<Void> deleteQueue(String queueName);

    /** Creates an address with the given routing type, or adds the routing type to an existing address. */
    CompletionStage<AddressInfo> declareAddress(String address, RoutingType routingType);

    /** Deletes an address that has no queues. */
    CompletionStage<Void> deleteAddress(String address);

    /**
     * Deletes a durable subscription (JMS unsubscribe). Fails with {@link EngineException.Kind#QUEUE_IN_USE} while
     * it has a consumer and {@link EngineException.Kind#QUEUE_NOT_FOUND} when there is none.
     *
     * @param clientId the client id the subscription was made with, or null for a global shared subscription
     * @param subscriptionName the subscription name
     */
    CompletionStage<Void> deleteSubscription(String clientId, String subscriptionName);

    /** The queue of that name, if it exists. A snapshot. */
    Optional<QueueInfo> queryQueue(String queueName);

    /** The address of that name, if it exists. A snapshot. */
    Optional<AddressInfo> queryAddress(String address);

    /**
     * Closes the session: its consumers close (unsettled deliveries return to their queues) and its open
     * transactions roll back. Idempotent.
     */
    CompletionStage<Void> close();
}
