package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.api.Message;
import io.ferrymq.addressing.api.RoutingType;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a message out of a queue to another address: dead letters and expired messages. The copy records where
 * it came from with Artemis's property names, so tools and applications written for Artemis read them:
 * {@code _AMQ_ORIG_ADDRESS}, {@code _AMQ_ORIG_QUEUE}, and {@code dlqDeliveryFailureCause} (ActiveMQ Classic's name)
 * for a dead letter or {@code _AMQ_ACTUAL_EXPIRY} for an expired message.
 *
 * <p>When the target address does not exist it is created with an anycast queue of the same name, so dead
 * letters are never lost for want of a queue. The copy and the acknowledgement of the original are journaled in
 * one transaction. Called on the source queue's executor.
 */
final class MessageMover {

    /** Why a message moves. */
    enum Reason {
        DEAD_LETTER,
        EXPIRED
    }

    static final String ORIG_ADDRESS = "_AMQ_ORIG_ADDRESS";
    static final String ORIG_QUEUE = "_AMQ_ORIG_QUEUE";
    static final String FAILURE_CAUSE = "dlqDeliveryFailureCause";
    static final String ACTUAL_EXPIRY = "_AMQ_ACTUAL_EXPIRY";

    private static final Logger LOG = LoggerFactory.getLogger(MessageMover.class);

    private final EngineContext ctx;

    MessageMover(EngineContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Moves the message of {@code ref} (already detached from its queue) to {@code target}.
     *
     * @param cause why, for a dead letter; null for expiry
     * @return completes when the move is journaled
     */
    CompletableFuture<Void> move(MessageReference ref, String target, Reason reason, String cause) {
        Message original = ref.stored.message;
        Message.Builder copy = original.toBuilder()
                .address(target)
                .routingType(null)
                .expiration(0)
                .deliveryTime(0)
                .property(ORIG_ADDRESS, original.address() != null ? original.address() : ref.queue.address)
                .property(ORIG_QUEUE, ref.queue.name);
        if (reason == Reason.DEAD_LETTER) {
            copy.property(FAILURE_CAUSE, cause);
        } else {
            copy.property(ACTUAL_EXPIRY, ctx.now());
        }
        Message moved = copy.build();
        AddressEntry entry = ctx.postOffice.address(target);
        if (entry == null || entry.queues().length == 0) {
            ctx.postOffice.declareAddress(target, RoutingType.ANYCAST, true);
            ctx.router.autoCreateQueue(target, ctx.settings(target));
            entry = ctx.postOffice.address(target);
        }
        Router.Routed routed = ctx.router.route(entry, null, null, moved, null, null);
        LOG.info(
                "FE1010 {} message {} from queue {} to {} ({} queues){}",
                reason == Reason.DEAD_LETTER ? "dead-lettered" : "expired",
                ref.stored.id,
                ref.queue.name,
                target,
                routed.refs().size(),
                cause != null ? ": " + cause : "");
        CompletableFuture<Void> write;
        boolean ackStored = false;
        if (routed.storedQueueIds().length > 0 || ref.persistent) {
            long tx = ctx.store.nextId();
            if (routed.storedQueueIds().length > 0) {
                ctx.store.addMessage(tx, routed.message().id, moved, routed.storedQueueIds());
            }
            if (ref.persistent) {
                ctx.store.ackMessage(tx, ref.stored.id, ref.queue.persistentId);
                ackStored = true;
            }
            write = ctx.store.commit(tx);
        } else {
            write = CompletableFuture.completedFuture(null);
        }
        for (MessageReference r : routed.refs()) {
            r.queue.enqueue(r);
        }
        CompletableFuture<Void> released = ref.stored.release(ctx.store, ref.persistent, ref.queue.persistentId, ackStored);
        return CompletableFuture.allOf(write, released);
    }
}
