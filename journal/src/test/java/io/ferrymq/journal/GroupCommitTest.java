package io.ferrymq.journal;

import static io.ferrymq.journal.TestJournals.TYPE;
import static io.ferrymq.journal.TestJournals.addedIds;
import static io.ferrymq.journal.TestJournals.openLoaded;
import static io.ferrymq.journal.TestJournals.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent sync writers with real fsync: every acknowledged write is on disk. No timing assertions. */
@Timeout(90)
class GroupCommitTest {

    private static final int THREADS = 8;
    private static final int WRITES_PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void concurrentSyncAddsAllComplete() throws Exception {
        JournalOptions options = options(dir).datasync(true).build();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        try (RecordJournal journal = openLoaded(options)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < WRITES_PER_THREAD; i++) {
                        long id = journal.nextId();
                        byte[] data = ByteBuffer.allocate(16).putLong(id).putLong(Thread.currentThread().getId())
                                .array();
                        journal.add(id, TYPE, data, true).join();
                        acked.add(id);
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();
        }
        assertThat(acked).hasSize(THREADS * WRITES_PER_THREAD);

        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            assertThat(addedIds(recovery)).hasSize(THREADS * WRITES_PER_THREAD).containsExactlyInAnyOrderElementsOf(
                    acked);
            for (RecoveredRecord record : recovery.records()) {
                assertThat(ByteBuffer.wrap(record.data()).getLong()).isEqualTo(record.id());
            }
        }
    }
}
