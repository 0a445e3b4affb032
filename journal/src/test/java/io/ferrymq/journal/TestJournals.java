package io.ferrymq.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Shared setup of the journal tests: small files, no fsync unless a test asks for it. */
final class TestJournals {

    static final byte TYPE = 1;

    private TestJournals() {
    }

    /** Options for tests: 1 MiB files, datasync off. */
    static JournalOptions.Builder options(Path dir) {
        return JournalOptions.builder(dir).fileSize(1024 * 1024).datasync(false);
    }

    static RecordJournal openLoaded(JournalOptions options) {
        RecordJournal journal = RecordJournal.open(options);
        journal.load();
        return journal;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Ids of the add records, in order. */
    static List<Long> addedIds(Recovery recovery) {
        return recovery.records().stream().filter(r -> !r.update()).map(RecoveredRecord::id)
                .collect(Collectors.toList());
    }
}
