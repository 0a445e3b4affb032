package io.ferrymq.journal;

import java.util.Arrays;
import java.util.List;

/**
 * A transaction that was {@link RecordJournal#prepare prepared} but neither committed nor rolled back when the journal
 * was last closed or crashed. After {@link RecordJournal#load()} the journal still knows it: the caller resolves it with
 * {@link RecordJournal#commit} or {@link RecordJournal#rollback} using {@code txId}. Immutable; arrays must not be
 * modified.
 *
 * @param txId the transaction id
 * @param xid the bytes given to prepare (an XA xid, or whatever the caller stored)
 * @param records the transaction's adds and updates, in the order they were appended
 * @param deletes the record ids the transaction deletes when committed
 */
public record PreparedTransaction(long txId, byte[] xid, List<RecoveredRecord> records, List<Long> deletes) {

    /** Copies the lists so that the transaction is immutable. */
    public PreparedTransaction {
        records = List.copyOf(records);
        deletes = List.copyOf(deletes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedTransaction p && p.txId == txId && Arrays.equals(p.xid, xid)
                && p.records.equals(records) && p.deletes.equals(deletes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(txId) * 31 + Arrays.hashCode(xid);
    }

    @Override
    public String toString() {
        return "PreparedTransaction[txId=" + txId + ", records=" + records.size() + ", deletes=" + deletes + "]";
    }
}
