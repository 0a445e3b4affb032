package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.Outcome;
import io.ferrymq.addressing.api.QueueInfo;
import io.ferrymq.addressing.api.RoutingType;
import io.ferrymq.addressing.filter.MessageFilter;
import io.ferrymq.addressing.settings.AddressSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue: its messages in priority and arrival order, its delayed messages, its consumers, and dispatch.
 *
 * <p>Threading: everything mutable is confined to {@link #executor}; methods without the "any thread" note must run
 * there. Other threads reach the queue by posting to the executor ({@link #enqueue}, and {@link ServerConsumer}'s
 * methods). Counters read by other threads ({@link #messageCount}, {@link #consumerCount}) are atomic.
 */
final class ServerQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ServerQueue.class);
    private static final Comparator<MessageReference> BY_DUE_TIME =
            Comparator.comparingLong((MessageReference r) -> r.notBefore).thenComparingLong(r -> r.sequence);

    final EngineContext ctx;
    final QueueDefinition definition;
    final String name;
    final String address;
    final RoutingType routingType;
    final boolean durable;
    final MessageFilter filter;
    /** Journal id of the queue record, or 0 for a non-durable queue. */
    final long persistentId;
    final OrderedExecutor executor;

    /** The connection owning a temporary queue, or null. */
    volatile ServerConnection owner;

    final AtomicLong messageCount = new AtomicLong();
    /** Routed references on their way in (or held by open transactions): the queue must not be deleted. */
    final AtomicInteger pendingRoutes = new AtomicInteger();
    volatile int consumerCount;
    /**
     * Consumers that looked the queue up and are on their way to {@link #addConsumer} (see
     * {@link PostOffice#reserveConsumer}): an auto-delete backs off while there are any.
     */
    final AtomicInteger attaching = new AtomicInteger();
    /** Set while a deletion is being decided; routing backs off (see {@link PostOffice#route}). */
    volatile boolean deleting;
    volatile boolean deleted;
    /** Changeable limits of a subscription queue (see {@link PostOffice#updateLimits}). */
    volatile long expiryDelayMillis;
    volatile long maxMessages;

    private final RefList[] byPriority = new RefList[10];
    private final TreeSet<MessageReference> delayed = new TreeSet<>(BY_DUE_TIME);
    private EngineScheduler.Cancellable delayTimer;
    private long delayTimerAt;
    private final List<ServerConsumer> consumers = new ArrayList<>();
    private final List<ServerConsumer> browsers = new ArrayList<>();
    private final Map<String, ServerConsumer> groups = new HashMap<>();
    private final Map<Object, MessageReference> lastValues;
    private final List<ServerConsumer> toFlush = new ArrayList<>();
    private long nextSequence = 1;
    private boolean autoDeleteScheduled;
    /** Counts consumer arrivals, so an expiry timer armed while idle knows whether the queue stayed idle. */
    private int attachGeneration;
    private boolean expiryArmed;

    ServerQueue(EngineContext ctx, QueueDefinition definition, long persistentId) {
        this.ctx = ctx;
        this.definition = definition;
        this.name = definition.name();
        this.address = definition.address();
        this.routingType = definition.routingType();
        this.durable = definition.durable();
        this.filter = MessageFilter.parse(definition.filter());
        this.persistentId = persistentId;
        this.executor = ctx.newOrderedExecutor();
        this.expiryDelayMillis = definition.expiryDelayMillis();
        this.maxMessages = definition.maxMessages();
        this.lastValues = definition.lastValueKey() != null ? new HashMap<>() : null;
        for (int i = 0; i < byPriority.length; i++) {
            byPriority[i] = new RefList();
        }
    }

    AddressSettings settings() {
        return ctx.settings(address);
    }

    /** Whether a message may enter this queue (its filter, its message cap). Any thread. */
    boolean accepts(StoredMessage message) {
        long max = maxMessages;
        if (max >= 0 && messageCount.get() + pendingRoutes.get() >= max) {
            LOG.debug("queue {} is at its cap of {} messages; message {} not queued", name, max, message.id);
            return false;
        }
        if (filter != null && !filter.matches(message.message, 0)) {
            return false;
        }
        String noLocal = definition.noLocalKey();
        if (noLocal != null) {
            String origin = message.originClientId != null ? message.originClientId : message.originConnectionId;
            return !noLocal.equals(origin);
        }
        return true;
    }

    // ---------------------------------------------------------------- arrival

    /** Adds a routed reference and dispatches. Any thread; the caller incremented {@link #pendingRoutes}. */
    void enqueue(MessageReference ref) {
        executor.execute(() -> {
            pendingRoutes.decrementAndGet();
            if (deleted) {
                ctx.postOffice.reroute(ref);
                return;
            }
            add(ref);
            dispatch();
        });
    }

    /** Adds a reference recovered from the journal, keeping journal order. Runs on the executor. */
    void recover(MessageReference ref) {
        add(ref);
    }

    private void add(MessageReference ref) {
        ref.sequence = nextSequence++;
        messageCount.incrementAndGet();
        if (lastValues != null) {
            Object key = ref.stored.message.properties().get(definition.lastValueKey());
            if (key != null) {
                MessageReference replaced = lastValues.put(key, ref);
                if (replaced != null && replaced.list != null) {
                    replaced.list.remove(replaced);
                    acknowledge(replaced);
                } else if (replaced != null && delayed.remove(replaced)) {
                    acknowledge(replaced);
                }
            }
        }
        long due = ref.stored.message.deliveryTime();
        if (due > ctx.now()) {
            ref.notBefore = due;
            delay(ref);
        } else {
            byPriority[ref.priority()].addLast(ref);
        }
    }

    // ---------------------------------------------------------------- dispatch

    /** Hands available messages to consumers with credit. */
    void dispatch() {
        if (consumers.isEmpty() && browsers.isEmpty()) {
            return;
        }
        if (!browsers.isEmpty()) {
            deliverToBrowsers();
        }
        if (!consumers.isEmpty()) {
            long now = ctx.now();
            outer:
            for (int p = byPriority.length - 1; p >= 0; p--) {
                RefList list = byPriority[p];
                MessageReference ref = list.head();
                while (ref != null) {
                    MessageReference next = ref.next;
                    if (ref.stored.message.isExpired(now)) {
                        list.remove(ref);
                        expire(ref);
                    } else {
                        ServerConsumer consumer = pickConsumer(ref);
                        if (consumer != null) {
                            list.remove(ref);
                            consumer.dispatch(ref);
                            markForFlush(consumer);
                        } else if (!anyConsumerReady()) {
                            break outer;
                        }
                    }
                    ref = next;
                }
            }
        }
        flush();
    }

    private void markForFlush(ServerConsumer consumer) {
        if (!consumer.flushPending) {
            consumer.flushPending = true;
            toFlush.add(consumer);
        }
    }

    private void flush() {
        for (int i = 0; i < toFlush.size(); i++) {
            ServerConsumer c = toFlush.get(i);
            c.flushPending = false;
            c.flush();
        }
        toFlush.clear();
    }

    private boolean anyConsumerReady() {
        for (int i = 0; i < consumers.size(); i++) {
            if (consumers.get(i).isReady()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The consumer that gets {@code ref} now, or null: an exclusive consumer takes everything; a message group
     * sticks to its consumer; otherwise the highest-priority ready consumer, round robin among equals.
     */
    private ServerConsumer pickConsumer(MessageReference ref) {
        ServerConsumer exclusive = exclusiveConsumer();
        if (exclusive != null) {
            return exclusive.canTake(ref) ? exclusive : null;
        }
        String group = ref.stored.message.groupId();
        if (group != null) {
            ServerConsumer owner = groups.get(group);
            if (owner != null) {
                return owner.canTake(ref) ? owner : null;
            }
        }
        for (int i = 0; i < consumers.size(); i++) {
            ServerConsumer c = consumers.get(i);
            if (c.canTake(ref)) {
                rotate(i);
                if (group != null) {
                    groups.put(group, c);
                }
                return c;
            }
        }
        return null;
    }

    /** Moves the consumer at {@code i} behind the others of its priority (round robin). */
    private void rotate(int i) {
        ServerConsumer c = consumers.get(i);
        int end = i;
        while (end + 1 < consumers.size() && consumers.get(end + 1).priority == c.priority) {
            end++;
        }
        if (end != i) {
            consumers.remove(i);
            consumers.add(end, c);
        }
    }

    private ServerConsumer exclusiveConsumer() {
        for (int i = 0; i < consumers.size(); i++) {
            if (consumers.get(i).exclusive) {
                return consumers.get(i);
            }
        }
        return null;
    }

    /** A delivered message closes its group (JMSXGroupSeq -1, ActiveMQ's convention). */
    void groupDelivered(MessageReference ref) {
        if (ref.stored.message.groupSequence() == -1 && ref.stored.message.groupId() != null) {
            groups.remove(ref.stored.message.groupId());
        }
    }

    private void deliverToBrowsers() {
        long now = ctx.now();
        for (int i = 0; i < browsers.size(); i++) {
            ServerConsumer b = browsers.get(i);
            if (b.browse(now)) {
                markForFlush(b);
            }
        }
    }

    /** The queue's current messages in delivery order, for a browser's snapshot. */
    List<MessageReference> snapshot() {
        List<MessageReference> refs = new ArrayList<>();
        for (int p = byPriority.length - 1; p >= 0; p--) {
            for (MessageReference r = byPriority[p].head(); r != null; r = r.next) {
                refs.add(r);
            }
        }
        // delivered but not yet settled: still on the queue (JMS 1.1 §5.9; ActiveMQ's browsers show them too).
        // Without them a message in flight to a consumer that is closing was missing from a browse.
        int queued = refs.size();
        for (ServerConsumer c : consumers) {
            c.collectUnsettled(refs);
        }
        if (refs.size() > queued) {
            refs.sort(BROWSE_ORDER);
        }
        return refs;
    }

    /** Queue order: higher priority first, then arrival. */
    private static final java.util.Comparator<MessageReference> BROWSE_ORDER =
            java.util.Comparator.comparingInt(MessageReference::priority).reversed()
                    .thenComparingLong(r -> r.sequence);

    // ---------------------------------------------------------------- delays

    private void delay(MessageReference ref) {
        delayed.add(ref);
        if (delayTimer == null || ref.notBefore < delayTimerAt) {
            armDelayTimer(ref.notBefore);
        }
    }

    private void armDelayTimer(long at) {
        if (delayTimer != null) {
            delayTimer.cancel();
        }
        delayTimerAt = at;
        delayTimer = ctx.scheduler.schedule(() -> executor.execute(this::releaseDelayed), at - ctx.now());
    }

    private void releaseDelayed() {
        delayTimer = null;
        long now = ctx.now();
        while (!delayed.isEmpty() && delayed.first().notBefore <= now) {
            MessageReference ref = delayed.pollFirst();
            ref.notBefore = 0;
            if (ref.deliveryCount == 0) {
                // a scheduled send joins the queue when it becomes due
                ref.sequence = nextSequence++;
                byPriority[ref.priority()].addLast(ref);
            } else {
                // a delayed redelivery returns to its place
                byPriority[ref.priority()].insertOrdered(ref);
            }
        }
        if (!delayed.isEmpty()) {
            armDelayTimer(delayed.first().notBefore);
        }
        dispatch();
    }

    // ---------------------------------------------------------------- consumers

    void addConsumer(ServerConsumer consumer) {
        if (consumer.browseOnly) {
            browsers.add(consumer);
            consumer.startBrowse(snapshot());
        } else {
            int at = 0;
            while (at < consumers.size() && consumers.get(at).priority >= consumer.priority) {
                at++;
            }
            consumers.add(at, consumer);
            consumerCount = consumers.size();
        }
        autoDeleteScheduled = false;
        attachGeneration++;
        expiryArmed = false;
        dispatch();
    }

    /**
     * Detaches a consumer; its unsettled messages come back as failed attempts, those it never handed to its
     * application ({@code undelivered}) as they were.
     */
    void removeConsumer(ServerConsumer consumer, List<MessageReference> unsettled, List<MessageReference> undelivered) {
        if (consumer.browseOnly) {
            browsers.remove(consumer);
        } else {
            consumers.remove(consumer);
            consumerCount = consumers.size();
            groups.values().removeIf(c -> c == consumer);
        }
        for (MessageReference ref : unsettled) {
            redeliver(ref, true);
        }
        for (MessageReference ref : undelivered) {
            redeliver(ref, false);
        }
        checkAutoDelete();
        dispatch();
    }

    // ---------------------------------------------------------------- settlement

    /** Applies a settlement outside a transaction. */
    CompletableFuture<Void> settle(MessageReference ref, Outcome outcome, long consumerId) {
        switch (outcome.kind()) {
            case ACCEPTED:
                return acknowledge(ref);
            case RELEASED:
                redeliver(ref, false);
                return CompletableFuture.completedFuture(null);
            case MODIFIED:
                if (outcome.undeliverableHere()) {
                    ref.excludedConsumer = consumerId;
                }
                redeliver(ref, outcome.deliveryFailed());
                return CompletableFuture.completedFuture(null);
            case REJECTED:
                return deadLetter(ref, outcome.reason() != null ? outcome.reason() : "rejected by the consumer");
            default:
                throw new IllegalStateException(outcome.toString());
        }
    }

    /** The message is consumed from this queue. */
    CompletableFuture<Void> acknowledge(MessageReference ref) {
        detach(ref);
        return ref.stored.release(ctx.store, ref.persistent, persistentId, false);
    }

    /** A transaction committed the acknowledgement it had already journaled. */
    void acknowledgeCommitted(MessageReference ref) {
        detach(ref);
        ref.stored.release(ctx.store, ref.persistent, persistentId, true);
    }

    /** Forgets a reference that leaves the queue (consumed, moved, dropped). */
    void detach(MessageReference ref) {
        messageCount.decrementAndGet();
        if (lastValues != null) {
            Object key = ref.stored.message.properties().get(definition.lastValueKey());
            if (key != null) {
                lastValues.remove(key, ref);
            }
        }
        if (messageCount.get() == 0) {
            checkAutoDelete();
        }
    }

    /**
     * Puts a delivered message back. A failed attempt raises its delivery count, may dead-letter it when its
     * attempts are used up, and delays it when a redelivery delay is set.
     */
    void redeliver(MessageReference ref, boolean failedAttempt) {
        if (deleted) {
            acknowledge(ref);
            return;
        }
        if (failedAttempt) {
            ref.deliveryCount++;
            AddressSettings settings = settings();
            if (settings.attemptsExhausted(ref.deliveryCount)) {
                deadLetter(ref, "max delivery attempts (" + settings.maxDeliveryAttempts() + ") reached");
                return;
            }
            ref.stored.storeDeliveryCount(ctx.store, persistentId, ref.deliveryCount);
            long delay = settings.redeliveryDelayFor(ref.deliveryCount);
            if (delay > 0) {
                ref.notBefore = ctx.now() + delay;
                delay(ref);
                return;
            }
        }
        byPriority[ref.priority()].insertOrdered(ref);
        dispatch();
    }

    /** Moves the message to the dead-letter address (or drops it when there is none). */
    CompletableFuture<Void> deadLetter(MessageReference ref, String reason) {
        AddressSettings settings = settings();
        String prefix = settings.deadLetterAddressPrefix();
        String dla = prefix != null && !prefix.isEmpty() ? prefix + address : settings.deadLetterAddress();
        if (dla == null || dla.isEmpty() || dla.equals(address)) {
            LOG.warn(
                    "FE2003 dropping message {} from queue {}: {}; no dead-letter address{}",
                    ref.stored.id,
                    name,
                    reason,
                    dla != null && dla.equals(address) ? " other than the queue's own" : "");
            return acknowledge(ref);
        }
        detach(ref);
        return ctx.mover.move(ref, dla, MessageMover.Reason.DEAD_LETTER, reason);
    }

    private void expire(MessageReference ref) {
        String expiryAddress = settings().expiryAddress();
        if (expiryAddress == null || expiryAddress.isEmpty() || expiryAddress.equals(address)) {
            LOG.debug("expired message {} dropped from queue {}", ref.stored.id, name);
            acknowledge(ref);
            return;
        }
        detach(ref);
        ctx.mover.move(ref, expiryAddress, MessageMover.Reason.EXPIRED, null);
    }

    /** Moves expired messages out of the queue (the periodic scan). */
    void expireScan() {
        long now = ctx.now();
        for (RefList list : byPriority) {
            MessageReference ref = list.head();
            while (ref != null) {
                MessageReference next = ref.next;
                if (ref.stored.message.isExpired(now)) {
                    list.remove(ref);
                    expire(ref);
                }
                ref = next;
            }
        }
        List<MessageReference> expiredDelayed = new ArrayList<>();
        for (MessageReference ref : delayed) {
            if (ref.stored.message.isExpired(now)) {
                expiredDelayed.add(ref);
            }
        }
        for (MessageReference ref : expiredDelayed) {
            delayed.remove(ref);
            expire(ref);
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Arms the expiry of an idle durable subscription that has one (MQTT session expiry, AMQP terminus expiry). */
    void checkExpiry() {
        long delay = expiryDelayMillis;
        if (delay < 0 || expiryArmed || deleted || !consumers.isEmpty() || !browsers.isEmpty()) {
            return;
        }
        expiryArmed = true;
        int generation = attachGeneration;
        ctx.scheduler.schedule(() -> executor.execute(() -> {
            if (!deleted && generation == attachGeneration && consumers.isEmpty() && browsers.isEmpty()) {
                LOG.info("FE1011 subscription {} expired after {} ms without consumers", name, delay);
                ctx.postOffice.deleteQueue(this, false);
            }
        }), delay);
    }

    private void checkAutoDelete() {
        checkExpiry();
        if (autoDeleteScheduled || deleted || !consumers.isEmpty() || !browsers.isEmpty()) {
            return;
        }
        boolean sharedNonDurable = definition.isSubscription() && definition.shared() && !durable;
        boolean autoDelete = definition.autoCreated() && settings().autoDeleteQueues() && messageCount.get() == 0;
        if (!sharedNonDurable && !autoDelete) {
            return;
        }
        autoDeleteScheduled = true;
        long delay = sharedNonDurable ? 0 : settings().autoDeleteDelayMillis();
        Runnable check = () -> executor.execute(() -> {
            autoDeleteScheduled = false;
            if (!deleted && consumers.isEmpty() && browsers.isEmpty() && (sharedNonDurable || messageCount.get() == 0)) {
                ctx.postOffice.deleteUnlessAttaching(this);
            }
        });
        if (delay <= 0) {
            check.run();
        } else {
            ctx.scheduler.schedule(check, delay);
        }
    }

    /**
     * Deletes the queue's contents and closes its consumers. Called by {@link PostOffice#deleteQueue} on the
     * executor after the queue is unbound.
     */
    void clear(EngineException reason) {
        deleted = true;
        if (delayTimer != null) {
            delayTimer.cancel();
            delayTimer = null;
        }
        List<ServerConsumer> all = new ArrayList<>(consumers);
        all.addAll(browsers);
        consumers.clear();
        browsers.clear();
        consumerCount = 0;
        for (ServerConsumer c : all) {
            for (MessageReference ref : c.closedByEngine(reason)) {
                acknowledge(ref);
            }
        }
        for (RefList list : byPriority) {
            while (!list.isEmpty()) {
                MessageReference ref = list.head();
                list.remove(ref);
                acknowledge(ref);
            }
        }
        while (!delayed.isEmpty()) {
            acknowledge(delayed.pollFirst());
        }
    }

    /** Whether the queue has consumers. Runs on the executor. */
    boolean hasConsumers() {
        return !consumers.isEmpty() || !browsers.isEmpty();
    }

    QueueInfo info() {
        return new QueueInfo(
                name,
                address,
                routingType,
                durable,
                definition.temporary(),
                definition.autoCreated(),
                filter == null ? null : filter.selector(),
                definition.lastValueKey(),
                messageCount.get(),
                consumerCount);
    }

    @Override
    public String toString() {
        return "Queue[" + name + "@" + address + " " + routingType + (durable ? " durable" : "") + "]";
    }
}
