package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.store.MessageStore;
import java.util.concurrent.CompletableFuture;

/**
 * A routed message as the engine holds it: the immutable {@link Message}, its engine id, where it came from, and
 * how many queues still hold a reference. Shared by the references of a multicast.
 *
 * <p>The reference counts change on queue executors of different queues; journal writes that depend on them
 * happen under this object's lock so that an acknowledgement is never written after the delete of its record.
 */
final class StoredMessage {

    final long id;
    final Message message;
    /** The connection that sent it, for no-local; null for messages the engine made (dead letters). */
    final String originConnectionId;
    /** The client id of that connection, or null. */
    final String originClientId;
    /** The address whose memory size accounts for it, or null. */
    AddressEntry accountedAddress;

    private int refs;
    private int storedRefs;
    private boolean persisted;

    StoredMessage(long id, Message message, String originConnectionId, String originClientId) {
        this.id = id;
        this.message = message;
        this.originConnectionId = originConnectionId;
        this.originClientId = originClientId;
    }

    /** Called while routing, before the message is visible: one more queue holds it. */
    synchronized void addRef(boolean stored) {
        refs++;
        if (stored) {
            storedRefs++;
            persisted = true;
        }
    }

    /** Whether a journal record exists for the message. */
    synchronized boolean isPersisted() {
        return persisted;
    }

    /**
     * One queue is done with the message. Writes the acknowledgement or, for the last stored reference, the delete,
     * and releases the address memory when no queue holds it any more.
     *
     * @param stored whether the reference was journaled (durable message in a durable queue)
     * @param queueId the queue's persistent id
     * @param ackAlreadyStored the acknowledgement was written in a transaction; only the delete may remain
     * @return the journal write, complete when synced
     */
    CompletableFuture<Void> release(MessageStore store, boolean stored, long queueId, boolean ackAlreadyStored) {
        CompletableFuture<Void> write = null;
        boolean freeMemory;
        synchronized (this) {
            refs--;
            if (stored) {
                storedRefs--;
                if (storedRefs == 0) {
                    write = store.deleteMessage(id);
                } else if (!ackAlreadyStored) {
                    write = store.ackMessage(id, queueId);
                }
            }
            freeMemory = refs == 0;
        }
        if (freeMemory && accountedAddress != null) {
            accountedAddress.releaseMemory(message.estimatedSize());
        }
        return write != null ? write : CompletableFuture.completedFuture(null);
    }

    /** Drops a message whose routing was undone (a rolled back transaction): nothing was journaled. */
    void abandon() {
        boolean freeMemory;
        synchronized (this) {
            freeMemory = refs > 0;
            refs = 0;
            storedRefs = 0;
        }
        if (freeMemory && accountedAddress != null) {
            accountedAddress.releaseMemory(message.estimatedSize());
        }
    }

    /** Records a new delivery count, if the reference is journaled. */
    synchronized void storeDeliveryCount(MessageStore store, long queueId, int deliveryCount) {
        if (storedRefs > 0) {
            store.updateDeliveryCount(id, queueId, deliveryCount);
        }
    }
}
