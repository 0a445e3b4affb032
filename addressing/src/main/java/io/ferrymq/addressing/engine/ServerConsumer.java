package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.Consumer;
import io.ferrymq.addressing.api.Delivery;
import io.ferrymq.addressing.api.DeliverySink;
import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.filter.MessageFilter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One consumer on one queue: its credit, its unsettled deliveries and the batch of deliveries on their way to the
 * transport.
 *
 * <p>Threading: the state is confined to the queue's executor. The {@link Consumer} methods may be called from any
 * thread (the transport's event loop); they post to the queue's executor. Deliveries and sink callbacks are handed
 * to the connection's executor in the order the queue dispatched them.
 *
 * <p>Credit: each delivery uses one credit; settling does not return credit (AMQP link-credit semantics). A
 * transport with a prefetch window (OpenWire, MQTT receive maximum, STOMP ack window) grants credit again as its
 * client acknowledges.
 */
final class ServerConsumer implements Consumer {

    final long id;
    final ServerQueue queue;
    final ServerSession session;
    final int priority;
    final boolean exclusive;
    final boolean browseOnly;
    final boolean autoAccept;
    /** The private subscription queue this consumer owns and deletes when it closes. */
    final boolean ownsQueue;

    /** Set by the queue while the consumer waits in its flush list. */
    boolean flushPending;

    private final DeliverySink sink;
    private final MessageFilter filter;
    private final Map<Long, MessageReference> unsettled = new LinkedHashMap<>();
    private List<Delivery> outgoing = new ArrayList<>();
    private int credit;
    private boolean draining;
    private long nextTag;
    private boolean closed;
    private List<MessageReference> browseList;
    private int browseIndex;

    ServerConsumer(
            ServerQueue queue,
            ServerSession session,
            DeliverySink sink,
            MessageFilter filter,
            int priority,
            boolean exclusive,
            boolean browseOnly,
            boolean autoAccept,
            boolean ownsQueue) {
        this.id = queue.ctx.nextLocalId();
        this.queue = queue;
        this.session = session;
        this.sink = sink;
        this.filter = filter;
        this.priority = priority;
        this.exclusive = exclusive;
        this.browseOnly = browseOnly;
        this.autoAccept = autoAccept || browseOnly;
        this.ownsQueue = ownsQueue;
    }

    @Override
    public String queueName() {
        return queue.name;
    }

    // ---------------------------------------------------------------- transport side (any thread)

    @Override
    public void flow(int credits) {
        if (credits < 0) {
            throw new IllegalArgumentException("negative credit: " + credits);
        }
        queue.executor.execute(() -> {
            if (closed) {
                return;
            }
            credit = (int) Math.min(Integer.MAX_VALUE, (long) credit + credits);
            queue.dispatch();
        });
    }

    @Override
    public void drain() {
        queue.executor.execute(() -> {
            if (closed) {
                return;
            }
            draining = true;
            queue.dispatch();
            finishDrain();
        });
    }

    @Override
    public CompletionStage<Void> settle(long tag, Outcome outcome, Transaction transaction) {
        return onQueue(transaction, () -> {
            MessageReference ref = unsettled.remove(tag);
            if (ref == null) {
                throw new EngineException(
                        EngineException.Kind.ILLEGAL_STATE, "no unsettled delivery " + tag + " on " + queue.name);
            }
            return apply(List.of(ref), outcome, transaction);
        });
    }

    @Override
    public CompletionStage<Void> settleUpTo(long tag, Outcome outcome, Transaction transaction) {
        return onQueue(transaction, () -> {
            List<MessageReference> refs = new ArrayList<>();
            Iterator<Map.Entry<Long, MessageReference>> it = unsettled.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, MessageReference> e = it.next();
                if (e.getKey() > tag) {
                    break; // tags grow in dispatch order, which is the map's order
                }
                refs.add(e.getValue());
                it.remove();
            }
            return apply(refs, outcome, transaction);
        });
    }

    @Override
    public CompletionStage<Void> settleAll(Outcome outcome, Transaction transaction) {
        return onQueue(transaction, () -> {
            List<MessageReference> refs = new ArrayList<>(unsettled.values());
            unsettled.clear();
            return apply(refs, outcome, transaction);
        });
    }

    @Override
    public CompletionStage<Void> close(long deliveredUpTo) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.executor.execute(() -> {
            if (!closed) {
                closed = true;
                List<MessageReference> refs = new ArrayList<>(unsettled.size());
                List<MessageReference> undelivered = new ArrayList<>();
                unsettled.forEach((tag, ref) -> (tag <= deliveredUpTo ? refs : undelivered).add(ref));
                unsettled.clear();
                outgoing.clear();
                queue.removeConsumer(this, refs, undelivered);
                session.consumerClosed(this);
                if (ownsQueue) {
                    queue.ctx.postOffice.deleteQueue(queue, false);
                }
            }
            done.complete(null);
        });
        return session.connection.onLoop(done);
    }

    private CompletionStage<Void> onQueue(Transaction transaction, java.util.function.Supplier<CompletableFuture<Void>> op) {
        ServerTransaction tx = ServerTransaction.cast(transaction);
        CompletableFuture<Void> result = new CompletableFuture<>();
        queue.executor.execute(() -> {
            try {
                op.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (tx != null) {
            tx.track(result);
        }
        return session.connection.onLoop(result);
    }

    private CompletableFuture<Void> apply(List<MessageReference> refs, Outcome outcome, Transaction transaction) {
        ServerTransaction tx = ServerTransaction.cast(transaction);
        if (tx != null) {
            for (MessageReference ref : refs) {
                tx.addSettle(ref, outcome, id);
            }
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> pending = null; // journal writes still running; none for non-durable messages
        for (MessageReference ref : refs) {
            CompletableFuture<Void> write = queue.settle(ref, outcome, id);
            if (!write.isDone() || write.isCompletedExceptionally()) {
                if (pending == null) {
                    pending = new ArrayList<>();
                }
                pending.add(write);
            }
        }
        if (!refs.isEmpty() && outcome.kind() != Outcome.Kind.ACCEPTED) {
            queue.dispatch();
        }
        if (pending == null) {
            return CompletableFuture.completedFuture(null);
        }
        return pending.size() == 1 ? pending.get(0) : CompletableFuture.allOf(pending.toArray(new CompletableFuture[0]));
    }

    // ---------------------------------------------------------------- queue side (queue executor)

    /** Whether the consumer can take any message now. */
    boolean isReady() {
        return !closed && credit > 0 && session.connection.isWritable();
    }

    /** Whether the consumer can take {@code ref} now. */
    boolean canTake(MessageReference ref) {
        return isReady()
                && ref.excludedConsumer != id
                && (filter == null || filter.matches(ref.stored.message, ref.deliveryCount));
    }

    /** Takes a message from the queue: uses a credit and queues the delivery for {@link #flush()}. */
    void dispatch(MessageReference ref) {
        credit--;
        long tag = ++nextTag;
        queue.groupDelivered(ref);
        outgoing.add(new Delivery(tag, ref.stored.message, ref.deliveryCount, queue.name, autoAccept));
        if (autoAccept) {
            queue.acknowledge(ref);
        } else {
            unsettled.put(tag, ref);
        }
    }

    /** Hands the batched deliveries to the connection's executor. */
    void flush() {
        if (outgoing.isEmpty()) {
            return;
        }
        List<Delivery> batch = outgoing;
        outgoing = new ArrayList<>();
        session.connection.executor().execute(() -> {
            for (Delivery d : batch) {
                sink.deliver(d);
            }
        });
    }

    private void finishDrain() {
        if (!draining) {
            return;
        }
        draining = false;
        credit = 0;
        flush();
        session.connection.executor().execute(sink::drained);
    }

    /** Adds the references delivered to this consumer and not yet settled. Runs on the queue's executor. */
    void collectUnsettled(List<MessageReference> into) {
        into.addAll(unsettled.values());
    }

    /** Starts browsing a snapshot of the queue. */
    void startBrowse(List<MessageReference> snapshot) {
        browseList = snapshot;
        browseIndex = 0;
    }

    /**
     * Delivers browsed messages while credit lasts.
     *
     * @return whether deliveries wait for {@link #flush()}
     */
    boolean browse(long now) {
        if (closed || browseList == null) {
            return false;
        }
        boolean any = false;
        while (credit > 0 && browseIndex < browseList.size() && session.connection.isWritable()) {
            MessageReference ref = browseList.get(browseIndex++);
            if (ref.stored.message.isExpired(now)
                    || (filter != null && !filter.matches(ref.stored.message, ref.deliveryCount))) {
                continue;
            }
            credit--;
            outgoing.add(new Delivery(++nextTag, ref.stored.message, ref.deliveryCount, queue.name, true));
            any = true;
        }
        if (browseIndex >= browseList.size()) {
            browseList = null;
            flush();
            session.connection.executor().execute(sink::browseComplete);
            return false;
        }
        return any;
    }

    /**
     * The engine closes the consumer (its queue was deleted). Returns the unsettled references for the queue to
     * dispose of.
     */
    List<MessageReference> closedByEngine(EngineException reason) {
        closed = true;
        List<MessageReference> refs = new ArrayList<>(unsettled.values());
        unsettled.clear();
        outgoing.clear();
        session.consumerClosed(this);
        session.connection.executor().execute(() -> sink.closed(reason));
        return refs;
    }

    @Override
    public String toString() {
        return "Consumer[" + id + " on " + queue.name + "]";
    }
}
