package io.ferrymq.journal;

import static io.ferrymq.journal.TestJournals.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void secondOpenOfSameDirectoryFails() {
        JournalOptions options = options(dir).build();
        try (RecordJournal first = RecordJournal.open(options)) {
            assertThatThrownBy(() -> RecordJournal.open(options))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining(dir.toString());
            first.load();
        }
        try (RecordJournal again = RecordJournal.open(options)) {
            assertThat(again.load().records()).isEmpty();
        }
    }

    @Test
    void openCreatesMissingDirectories() {
        Path nested = dir.resolve("a").resolve("b");
        try (RecordJournal journal = RecordJournal.open(options(nested).build())) {
            journal.load();
            assertThat(nested.resolve("lock")).exists();
        }
    }
}
