package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Xid;
import java.util.List;

/**
 * Everything the journal held at start: the engine rebuilds addresses, queues, queue contents and prepared XA
 * transactions from it.
 *
 * @param addresses declared addresses
 * @param queues durable queues
 * @param messages live messages in journal order, each with the queues still holding it
 * @param preparedTransactions XA transactions prepared but not ended
 * @param retained retained messages, one per address
 * @param clientStates client state records
 * @param jobs schedules of repeated deliveries, with their latest progress
 */
public record RecoveredState(
        List<AddressRecord> addresses,
        List<QueueRecord> queues,
        List<RecoveredMessage> messages,
        List<PreparedTransaction> preparedTransactions,
        List<Retained> retained,
        List<ClientState> clientStates,
        List<Job> jobs) {

    public static final RecoveredState EMPTY =
            new RecoveredState(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /**
     * A schedule as the engine wrote it.
     *
     * @param id its record id
     * @param job the engine's encoding of the schedule
     * @param progress the engine's encoding of its latest progress, or null
     */
    public record Job(long id, byte[] job, byte[] progress) {}

    /** A retained message and its record id. */
    public record Retained(long id, Message message) {}

    /** A client state record. */
    public record ClientState(long id, String clientId, String key, byte[] value) {}

    /**
     * A reference of a message in a queue.
     *
     * @param queueId the queue's persistent id
     * @param deliveryCount failed deliveries so far
     */
    public record QueueRef(long queueId, int deliveryCount) {}

    /**
     * A message and the queues that still hold it.
     *
     * @param id message id
     * @param message the message
     * @param refs queues that hold it, with delivery counts
     */
    public record RecoveredMessage(long id, Message message, List<QueueRef> refs) {}

    /**
     * A message acknowledged in a prepared transaction.
     *
     * @param messageId the message
     * @param queueId the queue it was acknowledged on
     */
    public record Ack(long messageId, long queueId) {}

    /**
     * A prepared XA transaction.
     *
     * @param txId its journal transaction id
     * @param xid its branch id
     * @param sends messages sent in it (invisible until commit)
     * @param acks acknowledgements made in it (the messages stay held until commit or rollback)
     */
    public record PreparedTransaction(long txId, Xid xid, List<RecoveredMessage> sends, List<Ack> acks) {}
}
