package io.ferrymq.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.core.journal.PreparedTransactionInfo;
import org.apache.activemq.artemis.core.journal.RecordInfo;

/**
 * Turns what Artemis's {@code load} returned into a {@link Recovery}, setting the journal's own id-block records
 * aside. Not thread safe: one reader per load, used by the thread that calls {@link RecordJournal#load()}.
 */
final class RecoveryReader {

    private final Path directory;
    private final List<Long> blockRecordIds = new ArrayList<>();
    private long highestSeen = 0;
    private long highestBlockEnd = 0;

    RecoveryReader(Path directory) {
        this.directory = directory;
    }

    /** Converts Artemis's committed records and prepared transactions; call once. */
    Recovery read(List<RecordInfo> committed, List<PreparedTransactionInfo> preparedInfos) {
        List<RecoveredRecord> records = new ArrayList<>(committed.size());
        long maxId = -1;
        for (RecordInfo info : committed) {
            RecoveredRecord record = convert(info);
            if (record != null) {
                records.add(record);
                maxId = Math.max(maxId, record.id());
            }
        }
        List<PreparedTransaction> prepared = new ArrayList<>(preparedInfos.size());
        for (PreparedTransactionInfo tx : preparedInfos) {
            List<RecoveredRecord> txRecords = new ArrayList<>();
            for (RecordInfo info : tx.getRecords()) {
                RecoveredRecord record = convert(info);
                if (record != null) {
                    txRecords.add(record);
                    maxId = Math.max(maxId, record.id());
                }
            }
            List<Long> deletes = new ArrayList<>();
            for (RecordInfo info : tx.getRecordsToDelete()) {
                deletes.add(info.id);
                highestSeen = Math.max(highestSeen, info.id);
            }
            prepared.add(new PreparedTransaction(tx.getId(), tx.getExtraData(), txRecords, deletes));
            highestSeen = Math.max(highestSeen, tx.getId());
        }
        return new Recovery(records, prepared, maxId);
    }

    /**
     * The lowest id {@link IdAllocator} may hand out: above every id and transaction id seen and every block end.
     *
     * @param artemisMaxId the highest record id Artemis saw in the files, deleted records included
     */
    long nextFreeId(long artemisMaxId) {
        return Math.max(1, Math.max(highestBlockEnd, Math.max(highestSeen, artemisMaxId) + 1));
    }

    /** The id-block records found, to be deleted once a newer block is synced. */
    List<Long> blockRecordIds() {
        return blockRecordIds;
    }

    private RecoveredRecord convert(RecordInfo info) {
        highestSeen = Math.max(highestSeen, info.id);
        byte type = info.userRecordType;
        if (RecordTypes.isUser(type)) {
            return new RecoveredRecord(info.id, type, info.data, info.isUpdate);
        }
        if (type == RecordTypes.ID_BLOCK && !info.isUpdate) {
            blockRecordIds.add(info.id);
            highestBlockEnd = Math.max(highestBlockEnd, IdAllocator.decode(info.data));
        } else {
            JournalLog.unknownRecordType(directory, info.id, type);
        }
        return null;
    }
}
