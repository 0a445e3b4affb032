package io.ferrymq.transport.openwire.bridge;

import io.ferrymq.addressing.api.EngineException;
import io.ferrymq.addressing.api.EngineSession;
import io.ferrymq.addressing.api.Transaction;
import io.ferrymq.addressing.api.Xid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.activemq.command.DataArrayResponse;
import org.apache.activemq.command.DataStructure;
import org.apache.activemq.command.IntegerResponse;
import org.apache.activemq.command.TransactionId;
import org.apache.activemq.command.TransactionInfo;
import org.apache.activemq.command.XATransactionId;

/**
 * The OpenWire transactions of one connection: local ones (LocalTransactionId) and XA branches
 * (XATransactionId as {@link Xid}). Sends and acks of a transaction are tracked so that its commit, prepare or
 * rollback waits until the engine has recorded them (transacted sends are asynchronous in OpenWire). Runs on the
 * connection's event loop.
 */
final class Transactions {

    /** XAResource.XA_OK, the answer to a successful prepare. */
    private static final int XA_OK = 0;

    /** One open transaction and the work still being recorded in it. */
    static final class Entry {
        private final Transaction transaction;
        private final List<CompletableFuture<?>> pending = new ArrayList<>();
        private final List<java.util.function.Supplier<CompletionStage<Void>>> onCommit = new ArrayList<>();

        Entry(Transaction transaction) {
            this.transaction = transaction;
        }

        Transaction transaction() {
            return transaction;
        }

        /** Work done in the transaction; failures surface at commit. */
        void track(CompletionStage<?> stage) {
            pending.add(stage.toCompletableFuture());
        }

        /** Work to do in the transaction just before it commits or prepares (acks); dropped on rollback. */
        void onCommit(java.util.function.Supplier<CompletionStage<Void>> work) {
            onCommit.add(work);
        }

        CompletableFuture<Void> beforeCommit() {
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            for (java.util.function.Supplier<CompletionStage<Void>> work : onCommit) {
                stages.add(work.get().toCompletableFuture());
            }
            onCommit.clear();
            return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
        }

        void discard() {
            onCommit.clear();
        }

        CompletableFuture<Void> recorded() {
            CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
            pending.clear();
            return all;
        }
    }

    private final EngineSession session;
    private final EngineCommandProcessor processor;
    private final Map<TransactionId, Entry> open = new HashMap<>();

    Transactions(EngineSession session, EngineCommandProcessor processor) {
        this.session = session;
        this.processor = processor;
    }

    /** The open transaction of that id, or null (also for a null id). */
    Entry find(TransactionId id) {
        if (id == null) {
            return null;
        }
        Entry e = open.get(id);
        if (e == null && id.isXATransaction()) {
            Optional<Transaction> found = session.xaRecovery().find(xid((XATransactionId) id));
            if (found.isPresent()) {
                e = new Entry(found.get());
                open.put(id, e);
            }
        }
        return e;
    }

    void process(TransactionInfo info) {
        TransactionId id = info.getTransactionId();
        switch (info.getType()) {
            case TransactionInfo.BEGIN -> {
                if (find(id) == null) {
                    Transaction tx = id.isXATransaction()
                            ? session.beginTransaction(xid((XATransactionId) id))
                            : session.beginTransaction();
                    open.put(id, new Entry(tx));
                }
                processor.ok(info);
            }
            case TransactionInfo.END, TransactionInfo.FORGET -> processor.ok(info);
            case TransactionInfo.PREPARE -> end(info, false, Transaction::prepare, true);
            case TransactionInfo.COMMIT_ONE_PHASE, TransactionInfo.COMMIT_TWO_PHASE ->
                    end(info, true, Transaction::commit, false);
            case TransactionInfo.ROLLBACK -> {
                Entry entry = find(info.getTransactionId());
                if (entry != null) {
                    entry.discard();
                }
                end(info, true, Transaction::rollback, false);
            }
            case TransactionInfo.RECOVER -> {
                List<Xid> prepared = session.xaRecovery().preparedXids();
                DataStructure[] data = new DataStructure[prepared.size()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = xaId(prepared.get(i));
                }
                processor.respond(info, new DataArrayResponse(data));
            }
            default -> processor.fail(info, new UnsupportedOperationException("transaction operation "
                    + info.getType()));
        }
    }

    private void end(TransactionInfo info, boolean forget, Function<Transaction, CompletionStage<Void>> action,
            boolean prepare) {
        TransactionId id = info.getTransactionId();
        Entry entry = find(id);
        if (entry == null) {
            processor.fail(info, new EngineException(EngineException.Kind.TRANSACTION_FAILED,
                    "unknown transaction " + id));
            return;
        }
        if (forget) {
            open.remove(id);
        }
        CompletionStage<Void> done = entry.recorded()
                .thenCompose(v -> entry.beforeCommit())
                .handle((v, t) -> t)
                .thenCompose(failure -> {
                    if (failure != null && !prepare) {
                        return entry.transaction().rollback().thenCompose(x -> CompletableFuture.<Void>failedFuture(
                                failure));
                    }
                    return action.apply(entry.transaction());
                });
        done.whenComplete((v, t) -> {
            if (t != null) {
                processor.fail(info, t);
            } else if (prepare) {
                processor.respond(info, new IntegerResponse(XA_OK));
            } else {
                processor.ok(info);
            }
        });
    }

    static Xid xid(XATransactionId x) {
        return new Xid(x.getFormatId(), x.getGlobalTransactionId(), x.getBranchQualifier());
    }

    static XATransactionId xaId(Xid xid) {
        XATransactionId x = new XATransactionId();
        x.setFormatId(xid.formatId());
        x.setGlobalTransactionId(xid.globalTransactionId());
        x.setBranchQualifier(xid.branchQualifier());
        return x;
    }
}
