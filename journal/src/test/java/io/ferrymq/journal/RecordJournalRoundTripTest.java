package io.ferrymq.journal;

import static io.ferrymq.journal.TestJournals.TYPE;
import static io.ferrymq.journal.TestJournals.bytes;
import static io.ferrymq.journal.TestJournals.openLoaded;
import static io.ferrymq.journal.TestJournals.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RecordJournalRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void addUpdateDeleteSurviveReopen() {
        JournalOptions options = options(dir).build();
        long a;
        long b;
        long c;
        try (RecordJournal journal = openLoaded(options)) {
            a = journal.nextId();
            b = journal.nextId();
            c = journal.nextId();
            journal.add(a, TYPE, bytes("a0"), true).join();
            journal.add(b, (byte) 2, bytes("b0"), false).join();
            journal.add(c, TYPE, bytes("c0"), true).join();
            journal.update(a, TYPE, bytes("a1"), false).join();
            journal.update(a, TYPE, bytes("a2"), true).join();
            journal.delete(b, true).join();
        }

        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(recovery.records()).containsExactly(
                    new RecoveredRecord(a, TYPE, bytes("a0"), false),
                    new RecoveredRecord(c, TYPE, bytes("c0"), false),
                    new RecoveredRecord(a, TYPE, bytes("a1"), true),
                    new RecoveredRecord(a, TYPE, bytes("a2"), true));
            assertThat(recovery.prepared()).isEmpty();
            assertThat(recovery.maxId()).isEqualTo(c);
            assertThat(journal.nextId()).isGreaterThan(c);

            journal.delete(a, false).join();
            journal.update(c, TYPE, bytes("c1"), false).join();
        }

        try (RecordJournal journal = RecordJournal.open(options)) {
            assertThat(journal.load().records()).containsExactly(
                    new RecoveredRecord(c, TYPE, bytes("c0"), false),
                    new RecoveredRecord(c, TYPE, bytes("c1"), true));
        }
    }

    @Test
    void emptyJournalLoadsNothing() {
        try (RecordJournal journal = RecordJournal.open(options(dir).build())) {
            Recovery recovery = journal.load();
            assertThat(recovery.records()).isEmpty();
            assertThat(recovery.prepared()).isEmpty();
            assertThat(recovery.maxId()).isEqualTo(-1);
        }
    }

    @Test
    void updateOrDeleteOfUnknownRecordFails() {
        try (RecordJournal journal = openLoaded(options(dir).build())) {
            assertThatThrownBy(() -> journal.update(42, TYPE, bytes("x"), true).join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(RecordNotFoundException.class);
            assertThatThrownBy(() -> journal.delete(42, false).join())
                    .hasCauseInstanceOf(RecordNotFoundException.class);
        }
    }

    @Test
    void rejectsReservedTypesAndMisuse() {
        RecordJournal journal = RecordJournal.open(options(dir).build());
        assertThatThrownBy(() -> journal.add(1, TYPE, bytes("x"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("load()");
        assertThatThrownBy(journal::nextId).isInstanceOf(IllegalStateException.class);
        journal.load();
        assertThatThrownBy(journal::load).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.add(1, (byte) 0, bytes("x"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..99");
        assertThatThrownBy(() -> journal.add(1, (byte) 100, bytes("x"), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.updateTx(7, 1, (byte) -3, bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
        journal.close();
        journal.close();
        assertThatThrownBy(() -> journal.delete(1, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("close");
    }

    @Test
    void flushMakesUnsyncedWritesDurable() {
        JournalOptions options = options(dir).datasync(true).build();
        long id;
        try (RecordJournal journal = openLoaded(options)) {
            id = journal.nextId();
            journal.add(id, TYPE, bytes("lazy"), false);
            journal.flush();
        }
        try (RecordJournal journal = RecordJournal.open(options)) {
            assertThat(TestJournals.addedIds(journal.load())).containsExactly(id);
        }
    }
}
