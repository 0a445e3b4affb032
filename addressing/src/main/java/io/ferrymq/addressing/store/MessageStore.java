package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Xid;
import java.util.concurrent.CompletableFuture;

/**
 * Where the engine keeps what must survive a restart. Implementations: {@link JournalMessageStore} on the Artemis
 * journal, {@link MemoryMessageStore} for a broker without persistence.
 *
 * <p>Calls may come from any engine thread; an implementation keeps the order of calls made by one thread.
 * Returned futures complete on a storage thread: callers hop to their own executor and never block it. A future
 * of a synced write completes only when the record is on disk.
 */
public interface MessageStore extends AutoCloseable {

    /** Whether anything is written to disk. */
    boolean isPersistent();

    /**
     * The largest durable message (by {@link io.ferrymq.addressing.api.Message#estimatedSize()}) this store can keep
     * as one record; a larger durable send is refused before it is routed.
     */
    default int maxDurableMessageSize() {
        return Integer.MAX_VALUE;
    }

    /** Reads the stored state; called once, before any write. */
    RecoveredState load();

    /** A new id, unique across restarts. Thread safe. */
    long nextId();

    CompletableFuture<Void> addAddress(AddressRecord address);

    CompletableFuture<Void> deleteAddress(long addressId);

    CompletableFuture<Void> addQueue(QueueRecord queue);

    CompletableFuture<Void> deleteQueue(long queueId);

    /** Records a subscription queue's new expiry and message cap (synced). */
    CompletableFuture<Void> updateQueueLimits(long queueId, long expiryDelayMillis, long maxMessages);

    /**
     * Writes a durable message with the ids of the durable queues it was routed to (synced).
     *
     * @param messageId the message id from {@link #nextId()}
     */
    CompletableFuture<Void> addMessage(long messageId, Message message, long[] queueIds);

    /** Records that the message was consumed from one queue, other queues still holding it (synced). */
    CompletableFuture<Void> ackMessage(long messageId, long queueId);

    /** Deletes a message consumed from its last queue (synced). */
    CompletableFuture<Void> deleteMessage(long messageId);

    /** Records a message's delivery count in one queue (not synced: losing it only lowers a counter). */
    void updateDeliveryCount(long messageId, long queueId, int deliveryCount);

    /** Adds a message to an open journal transaction. */
    void addMessage(long txId, long messageId, Message message, long[] queueIds);

    /** Adds an acknowledgement to an open journal transaction. */
    void ackMessage(long txId, long messageId, long queueId);

    /** Commits a journal transaction (synced). */
    CompletableFuture<Void> commit(long txId);

    /** Prepares a journal transaction with its XA branch id (synced). */
    CompletableFuture<Void> prepare(long txId, Xid xid);

    /** Rolls back a journal transaction (synced, for prepared ones). */
    CompletableFuture<Void> rollback(long txId);

    /** Writes a retained message (synced when {@code sync}). */
    CompletableFuture<Void> addRetained(long id, Message message, boolean sync);

    /** Writes a client state record (synced). */
    CompletableFuture<Void> addClientState(long id, String clientId, String key, byte[] value);

    /** Deletes a retained message or client state record (synced). */
    CompletableFuture<Void> deleteRecord(long id);

    /** Writes a schedule of repeated deliveries with its progress (synced). */
    CompletableFuture<Void> addJob(long id, byte[] job);

    /** Records a schedule's new progress in an open journal transaction. */
    void updateJob(long txId, long id, byte[] progress);

    /** Deletes a finished schedule in an open journal transaction. */
    void deleteRecord(long txId, long id);

    /** Makes everything written so far durable and releases the store. */
    @Override
    void close();
}
