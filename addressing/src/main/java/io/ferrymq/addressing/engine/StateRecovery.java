package io.ferrymq.addressing.engine;

import io.ferrymq.addressing.store.AddressRecord;
import io.ferrymq.addressing.store.QueueRecord;
import io.ferrymq.addressing.store.RecoveredState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine from the store at start: addresses, durable queues, each queue's messages in journal order
 * with their delivery counts, and prepared XA transactions (whose acknowledged messages stay held, and whose sends
 * stay invisible, until the transaction manager ends them). Runs once, before any connection is accepted.
 */
final class StateRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(StateRecovery.class);

    private final EngineContext ctx;

    StateRecovery(EngineContext ctx) {
        this.ctx = ctx;
    }

    void apply(RecoveredState state) {
        long started = System.nanoTime();
        for (AddressRecord a : state.addresses()) {
            ctx.postOffice.restoreAddress(a);
        }
        for (QueueRecord q : state.queues()) {
            ctx.postOffice.restoreQueue(q);
        }
        Map<Long, Map<Long, ServerTransaction>> heldAcks = new HashMap<>();
        List<ServerTransaction> prepared = new ArrayList<>();
        for (RecoveredState.PreparedTransaction p : state.preparedTransactions()) {
            ServerTransaction tx = ServerTransaction.recovered(ctx, p.txId(), p.xid());
            for (RecoveredState.RecoveredMessage m : p.sends()) {
                StoredMessage sm = new StoredMessage(m.id(), m.message(), null, null);
                List<MessageReference> refs = references(sm, m.refs());
                for (MessageReference r : refs) {
                    r.queue.pendingRoutes.incrementAndGet();
                }
                tx.addRecoveredSend(new ServerTransaction.PendingSend(sm, refs, new long[0]));
            }
            for (RecoveredState.Ack ack : p.acks()) {
                heldAcks.computeIfAbsent(ack.messageId(), k -> new HashMap<>()).put(ack.queueId(), tx);
            }
            prepared.add(tx);
        }
        int messages = 0;
        for (RecoveredState.RecoveredMessage m : state.messages()) {
            StoredMessage sm = new StoredMessage(m.id(), m.message(), null, null);
            List<MessageReference> refs = references(sm, m.refs());
            if (refs.isEmpty()) {
                // every queue that held it was deleted
                ctx.store.deleteMessage(m.id());
                continue;
            }
            messages++;
            Map<Long, ServerTransaction> held = heldAcks.getOrDefault(m.id(), Map.of());
            for (MessageReference ref : refs) {
                ServerTransaction tx = held.get(ref.queue.persistentId);
                ServerQueue q = ref.queue;
                q.messageCount.incrementAndGet();
                if (tx != null) {
                    tx.addRecoveredAck(ref);
                } else {
                    q.messageCount.decrementAndGet();
                    q.executor.execute(() -> q.recover(ref));
                }
            }
        }
        for (ServerTransaction tx : prepared) {
            ctx.xa.register(tx.xid(), tx);
        }
        state.retained().forEach(ctx.retained::restore);
        state.clientStates().forEach(ctx.clientStates::restore);
        state.jobs().forEach(ctx.jobs::restore);
        for (ServerQueue q : ctx.postOffice.queues()) {
            q.executor.execute(q::checkExpiry);
        }
        Set<String> queues = new HashSet<>();
        state.queues().forEach(q -> queues.add(q.name()));
        LOG.info(
                "FE1001 recovered {} addresses, {} queues, {} messages, {} prepared transactions in {} ms",
                state.addresses().size(),
                queues.size(),
                messages,
                prepared.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private List<MessageReference> references(StoredMessage sm, List<RecoveredState.QueueRef> queueRefs) {
        List<MessageReference> refs = new ArrayList<>(queueRefs.size());
        for (RecoveredState.QueueRef r : queueRefs) {
            ServerQueue q = ctx.postOffice.queueById(r.queueId());
            if (q == null) {
                continue;
            }
            sm.addRef(true);
            MessageReference ref = new MessageReference(sm, q, true);
            ref.deliveryCount = r.deliveryCount();
            refs.add(ref);
        }
        if (!refs.isEmpty()) {
            AddressEntry entry = ctx.postOffice.address(refs.get(0).queue.address);
            if (entry != null) {
                sm.accountedAddress = entry;
                entry.reserveMemory(sm.message.estimatedSize());
            }
        }
        return refs;
    }
}
