package io.ferrymq.journal;

import static io.ferrymq.journal.TestJournals.TYPE;
import static io.ferrymq.journal.TestJournals.addedIds;
import static io.ferrymq.journal.TestJournals.openLoaded;
import static io.ferrymq.journal.TestJournals.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady add+delete traffic with a few long-lived records scattered through every file: files cannot simply be
 * reclaimed, only compaction keeps the journal small.
 */
@Timeout(90)
class CompactionTest {

    private static final int RECORDS = 200_000;
    private static final int KEEP_EVERY = 1_000;
    private static final int WINDOW = 100;
    /** About 15 MiB are written in 1 MiB files; the ~300 live records need one. */
    private static final int MAX_DATA_FILES = 5;

    @TempDir
    Path dir;

    @Test
    void addDeleteTrafficStaysBounded() {
        JournalOptions options = options(dir).fileSize(1024 * 1024).build();
        List<Long> survivors = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        try (RecordJournal journal = openLoaded(options)) {
            Deque<Long> window = new ArrayDeque<>();
            byte[] payload = new byte[32];
            CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
            for (int i = 0; i < RECORDS; i++) {
                long id = journal.nextId();
                last = journal.add(id, TYPE, payload, false);
                if (i % KEEP_EVERY == 0) {
                    survivors.add(id);
                } else {
                    window.addLast(id);
                }
                if (window.size() > WINDOW) {
                    last = journal.delete(window.removeFirst(), false);
                }
                if (i % 10_000 == 0) {
                    last.whenComplete((v, e) -> {
                        if (e != null) {
                            failures.incrementAndGet();
                        }
                    }).join();
                }
            }
            survivors.addAll(window);
            last.join();
            journal.flush();

            journal.compact();
            assertThat(journal.dataFileCount()).isLessThanOrEqualTo(MAX_DATA_FILES);
        }
        assertThat(failures).hasValue(0);

        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(addedIds(recovery)).containsExactlyInAnyOrderElementsOf(survivors);
            assertThat(journal.dataFileCount()).isLessThanOrEqualTo(MAX_DATA_FILES);
        }
    }
}
