package io.ferrymq.addressing.api;

import java.util.concurrent.CompletionStage;

/**
 * A consumer on one queue. Credits are the one flow-control mechanism: AMQP link credit, MQTT receive maximum,
 * OpenWire prefetch and the STOMP ack window all map onto {@link #flow(int)}; one delivery uses one credit.
 *
 * <p>Thread safe; methods do not block. Returned stages complete on the connection's executor.
 */
public interface Consumer {

    /** The name of the queue the consumer reads. */
    String queueName();

    /** Adds credit: the engine may send that many more deliveries. */
    void flow(int credits);

    /**
     * Delivers what is available up to the current credit, then sets the credit to zero and calls
     * {@link DeliverySink#drained()} (AMQP drain; JMS receiveNoWait with prefetch 0).
     */
    void drain();

    /**
     * Settles one delivery. The stage completes when the outcome is recorded (synced, for an accepted durable
     * message), or fails with {@link EngineException.Kind#ILLEGAL_STATE} for an unknown tag.
     *
     * @param tag the delivery's tag
     * @param outcome how it ends
     * @param transaction the transaction the settlement belongs to, or null to apply it now
     */
    CompletionStage<Void> settle(long tag, Outcome outcome, Transaction transaction);

    default CompletionStage<Void> settle(long tag, Outcome outcome) {
        return settle(tag, outcome, null);
    }

    /**
     * Settles every unsettled delivery whose tag is at most {@code tag} (JMS CLIENT_ACKNOWLEDGE, STOMP client ack
     * mode, OpenWire standard acks).
     */
    CompletionStage<Void> settleUpTo(long tag, Outcome outcome, Transaction transaction);

    /** Settles every unsettled delivery of this consumer (JMS session.recover() with {@link Outcome#FAILED}). */
    CompletionStage<Void> settleAll(Outcome outcome, Transaction transaction);

    /**
     * Closes the consumer: its unsettled deliveries return to the queue with their delivery count raised, unless
     * they were settled in a still-open transaction. A private subscription queue is deleted. Idempotent.
     */
    default CompletionStage<Void> close() {
        return close(Long.MAX_VALUE);
    }

    /**
     * Closes the consumer like {@link #close()}, but unsettled deliveries with a tag above {@code deliveredUpTo}
     * return without their delivery count raised: they were prefetched by the client and never handed to the
     * application (OpenWire's lastDeliveredSequenceId), so they are not failed attempts.
     */
    CompletionStage<Void> close(long deliveredUpTo);
}
