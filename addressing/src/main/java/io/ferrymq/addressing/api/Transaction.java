package io.ferrymq.addressing.api;

import java.util.concurrent.CompletionStage;

/**
 * A local (or XA) transaction: sends stay invisible and settlements stay pending until {@link #commit()}.
 *
 * <p>Thread safe; methods do not block. Stages complete on the connection's executor. After commit or rollback the
 * transaction is ended and further use fails with {@link EngineException.Kind#TRANSACTION_FAILED}.
 */
public interface Transaction {

    /** A broker-unique id. */
    long id();

    /** The XA branch id, or null for a local transaction. */
    Xid xid();

    /** Makes the sends visible and the settlements final; completes when the commit record is synced. */
    CompletionStage<Void> commit();

    /**
     * Discards the sends; deliveries settled in the transaction return to their queues with their delivery count
     * raised (JMS rollback semantics).
     */
    CompletionStage<Void> rollback();

    /**
     * XA phase one: records the transaction durably so that it survives a restart in the prepared state and can
     * only end by {@link #commit()} or {@link #rollback()} (possibly after recovery through
     * {@link XaRecovery}). Fails for a local transaction.
     */
    CompletionStage<Void> prepare();

    /** Whether the transaction can still take work (not committed, rolled back or prepared). */
    boolean isActive();
}
