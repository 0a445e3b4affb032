package io.ferrymq.addressing.store;

import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.Xid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A store that keeps nothing: for a broker without persistence and for engine tests. Thread safe. */
public final class MemoryMessageStore implements MessageStore {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final AtomicLong ids = new AtomicLong();

    @Override
    public boolean isPersistent() {
        return false;
    }

    @Override
    public RecoveredState load() {
        return RecoveredState.EMPTY;
    }

    @Override
    public long nextId() {
        return ids.incrementAndGet();
    }

    @Override
    public CompletableFuture<Void> addAddress(AddressRecord address) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteAddress(long addressId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> addQueue(QueueRecord queue) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteQueue(long queueId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> updateQueueLimits(long queueId, long expiryDelayMillis, long maxMessages) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> addMessage(long messageId, Message message, long[] queueIds) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> ackMessage(long messageId, long queueId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteMessage(long messageId) {
        return DONE;
    }

    @Override
    public void updateDeliveryCount(long messageId, long queueId, int deliveryCount) {}

    @Override
    public void addMessage(long txId, long messageId, Message message, long[] queueIds) {}

    @Override
    public void ackMessage(long txId, long messageId, long queueId) {}

    @Override
    public CompletableFuture<Void> commit(long txId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> prepare(long txId, Xid xid) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> rollback(long txId) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> addRetained(long id, Message message, boolean sync) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> addClientState(long id, String clientId, String key, byte[] value) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> deleteRecord(long id) {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> addJob(long id, byte[] job) {
        return DONE;
    }

    @Override
    public void updateJob(long txId, long id, byte[] progress) {}

    @Override
    public void deleteRecord(long txId, long id) {}

    @Override
    public void close() {}
}
