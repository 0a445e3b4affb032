package io.ferrymq.journal;

import static io.ferrymq.journal.TestJournals.openLoaded;
import static io.ferrymq.journal.TestJournals.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class IdAllocationTest {

    @TempDir
    Path dir;

    @Test
    void idsIncreaseAcrossBlocksAndReopens() {
        JournalOptions options = options(dir).idBlockSize(10).build();
        long last = 0;
        for (int round = 0; round < 3; round++) {
            try (RecordJournal journal = openLoaded(options)) {
                for (int i = 0; i < 35; i++) {
                    long id = journal.nextId();
                    assertThat(id).isGreaterThan(last);
                    last = id;
                }
            }
        }
        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(recovery.records()).as("id blocks are internal").isEmpty();
            assertThat(recovery.maxId()).isEqualTo(-1);
            assertThat(journal.nextId()).isGreaterThan(last);
        }
    }

    @Test
    void idsContinueAboveRecordsWrittenWithForeignIds() {
        JournalOptions options = options(dir).build();
        try (RecordJournal journal = openLoaded(options)) {
            journal.add(1_000_000, TestJournals.TYPE, new byte[1], true).join();
        }
        try (RecordJournal journal = openLoaded(options)) {
            assertThat(journal.nextId()).isGreaterThan(1_000_000);
        }
    }

    @Test
    void dependentStagesMayReserveIds() {
        JournalOptions options = options(dir).idBlockSize(2).build();
        try (RecordJournal journal = openLoaded(options)) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < 20; i++) {
                chain = chain.thenCompose(v -> journal.add(journal.nextId(), TestJournals.TYPE, new byte[4], true));
            }
            chain.join();
        }
        try (RecordJournal journal = RecordJournal.open(options)) {
            assertThat(journal.load().records()).hasSize(20);
        }
    }

    @Test
    void idsAreUniqueAcrossThreads() throws Exception {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        try (RecordJournal journal = openLoaded(options(dir).idBlockSize(100).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                tasks.add(pool.submit(() -> {
                    long previous = 0;
                    for (int i = 0; i < 2_000; i++) {
                        long id = journal.nextId();
                        assertThat(id).isGreaterThan(previous);
                        previous = id;
                        seen.add(id);
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
            pool.shutdown();
        }
        assertThat(seen).hasSize(8_000);
    }
}
