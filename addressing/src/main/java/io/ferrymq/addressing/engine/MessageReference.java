package io.ferrymq.addressing.engine;

/**
 * One queue's hold on a {@link StoredMessage}: its position, delivery count and delivery state. Confined to the
 * owning queue's executor, except the immutable fields.
 */
final class MessageReference {

    final StoredMessage stored;
    final ServerQueue queue;
    /** Whether this reference is journaled (a durable message in a durable queue). */
    final boolean persistent;

    /** Position in the queue: references are kept in sequence order within a priority. */
    long sequence;
    /** Failed deliveries so far. */
    int deliveryCount;
    /** Not before this time (scheduled delivery, redelivery delay); 0 when available now. */
    long notBefore;
    /** The consumer that must not get it again (MODIFIED with undeliverable-here), or 0. */
    long excludedConsumer;

    // intrusive list links, see RefList
    MessageReference prev;
    MessageReference next;
    RefList list;

    MessageReference(StoredMessage stored, ServerQueue queue, boolean persistent) {
        this.stored = stored;
        this.queue = queue;
        this.persistent = persistent;
    }

    int priority() {
        return stored.message.priority();
    }

    @Override
    public String toString() {
        return "Ref[msg=" + stored.id + ", queue=" + queue.name + ", seq=" + sequence + ", count=" + deliveryCount
                + "]";
    }
}
