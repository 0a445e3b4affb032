package io.ferrymq.journal;

import static io.ferrymq.journal.TestJournals.TYPE;
import static io.ferrymq.journal.TestJournals.bytes;
import static io.ferrymq.journal.TestJournals.openLoaded;
import static io.ferrymq.journal.TestJournals.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TransactionTest {

    @TempDir
    Path dir;

    @Test
    void committedVisibleRolledBackInvisiblePreparedRecovered() {
        JournalOptions options = options(dir).build();
        long kept;
        long updated;
        long deleted;
        long doomed;
        long committedTx;
        long c1;
        long c2;
        long rolledBackTx;
        long r1;
        long preparedTx;
        long p1;
        long p2;
        try (RecordJournal journal = openLoaded(options)) {
            kept = journal.nextId();
            updated = journal.nextId();
            deleted = journal.nextId();
            doomed = journal.nextId();
            journal.add(kept, TYPE, bytes("kept"), false);
            journal.add(updated, TYPE, bytes("u0"), false);
            journal.add(deleted, TYPE, bytes("deleted"), false);
            journal.add(doomed, TYPE, bytes("doomed"), true).join();

            committedTx = journal.nextId();
            c1 = journal.nextId();
            c2 = journal.nextId();
            journal.addTx(committedTx, c1, TYPE, bytes("c1"));
            journal.addTx(committedTx, c2, (byte) 3, bytes("c2"));
            journal.updateTx(committedTx, updated, TYPE, bytes("u1"));
            journal.deleteTx(committedTx, deleted);
            journal.commit(committedTx, true).join();

            rolledBackTx = journal.nextId();
            r1 = journal.nextId();
            journal.addTx(rolledBackTx, r1, TYPE, bytes("r1"));
            journal.deleteTx(rolledBackTx, kept);
            journal.rollback(rolledBackTx).join();

            preparedTx = journal.nextId();
            p1 = journal.nextId();
            p2 = journal.nextId();
            journal.addTx(preparedTx, p1, TYPE, bytes("p1"));
            journal.addTx(preparedTx, p2, TYPE, bytes("p2"));
            journal.deleteTx(preparedTx, doomed);
            journal.prepare(preparedTx, bytes("xid-1")).join();
        }

        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(recovery.records()).containsExactly(
                    new RecoveredRecord(kept, TYPE, bytes("kept"), false),
                    new RecoveredRecord(updated, TYPE, bytes("u0"), false),
                    new RecoveredRecord(doomed, TYPE, bytes("doomed"), false),
                    new RecoveredRecord(c1, TYPE, bytes("c1"), false),
                    new RecoveredRecord(c2, (byte) 3, bytes("c2"), false),
                    new RecoveredRecord(updated, TYPE, bytes("u1"), true));
            assertThat(recovery.prepared()).containsExactly(new PreparedTransaction(preparedTx, bytes("xid-1"),
                    List.of(new RecoveredRecord(p1, TYPE, bytes("p1"), false),
                            new RecoveredRecord(p2, TYPE, bytes("p2"), false)),
                    List.of(doomed)));
            assertThat(recovery.maxId()).isEqualTo(p2);

            journal.commit(preparedTx, true).join();
        }

        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(recovery.prepared()).isEmpty();
            assertThat(TestJournals.addedIds(recovery)).containsExactly(kept, updated, c1, c2, p1, p2);
        }
    }

    @Test
    void preparedTransactionCanBeRolledBackAfterReload() {
        JournalOptions options = options(dir).build();
        long tx;
        try (RecordJournal journal = openLoaded(options)) {
            tx = journal.nextId();
            journal.addTx(tx, journal.nextId(), TYPE, bytes("x"));
            journal.prepare(tx, bytes("xid")).join();
        }
        try (RecordJournal journal = RecordJournal.open(options)) {
            assertThat(journal.load().prepared()).extracting(PreparedTransaction::txId).containsExactly(tx);
            journal.rollback(tx).join();
        }
        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(recovery.prepared()).isEmpty();
            assertThat(recovery.records()).isEmpty();
        }
    }

    @Test
    void unfinishedTransactionIsDiscarded() {
        JournalOptions options = options(dir).build();
        try (RecordJournal journal = openLoaded(options)) {
            long tx = journal.nextId();
            journal.addTx(tx, journal.nextId(), TYPE, bytes("never committed"));
            journal.flush();
        }
        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(recovery.records()).isEmpty();
            assertThat(recovery.prepared()).isEmpty();
        }
    }

    @Test
    void commitOfUnknownTransactionFails() {
        try (RecordJournal journal = openLoaded(options(dir).build())) {
            assertThatThrownBy(() -> journal.commit(12345, true).join())
                    .hasCauseInstanceOf(JournalException.class);
        }
    }
}
