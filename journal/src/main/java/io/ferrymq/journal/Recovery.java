package io.ferrymq.journal;

import java.util.List;

/**
 * What {@link RecordJournal#load()} found: every committed, not deleted record with its updates, and every prepared
 * transaction. The journal's own bookkeeping records (types 100 and above) are not included. Immutable.
 *
 * <p>{@code records} is in journal order: the order Artemis reads the data files, which is append order for records
 * written since the last compaction; compaction may move older records ahead of newer ones but always keeps a
 * record's add before its updates, and its updates in the order they were written. Records committed by a
 * transaction appear at the position of the commit.
 *
 * @param records committed adds and updates; see {@link RecoveredRecord} for how updates relate to their add
 * @param prepared prepared, unresolved transactions in the order they were found
 * @param maxId the highest record id in {@code records} and {@code prepared}, or -1 when both are empty
 */
public record Recovery(List<RecoveredRecord> records, List<PreparedTransaction> prepared, long maxId) {

    /** Copies the lists so that the recovery is immutable. */
    public Recovery {
        records = List.copyOf(records);
        prepared = List.copyOf(prepared);
    }
}
