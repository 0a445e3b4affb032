package io.ferrymq.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM writes synced records and is killed with SIGKILL mid-stream; every write it saw acknowledged must be in
 * the journal exactly once, and ids must continue above everything it handed out. While the child runs, its
 * directory lock keeps this JVM from opening the same journal.
 */
@Timeout(90)
class KillNineTest {

    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    @Test
    void everyAckedRecordSurvivesKill() throws Exception {
        Path journalDir = dir.resolve("journal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), journalDir.toString());
        File stderr = dir.resolve("child-stderr.txt").toFile();
        builder.redirectError(stderr);
        Process child = builder.start();
        Set<Long> acked = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = lines.readLine()) != null) {
                if (line.equals("READY")) {
                    assertThatThrownBy(() -> RecordJournal.open(TestJournals.options(journalDir).build()))
                            .as("the child JVM holds the directory lock")
                            .isInstanceOf(JournalException.class)
                            .hasMessageContaining(journalDir.toString());
                } else if (line.startsWith("ACKED ")) {
                    acked.add(Long.parseLong(line.substring("ACKED ".length()).trim()));
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).as("acks before the child died (stderr in %s)", stderr).hasSize(ACKS_BEFORE_KILL);

        JournalOptions options = TestJournals.options(journalDir).build();
        try (RecordJournal journal = RecordJournal.open(options)) {
            Recovery recovery = journal.load();
            Map<Long, Integer> adds = new HashMap<>();
            long highest = 0;
            for (RecoveredRecord record : recovery.records()) {
                assertThat(record.update()).isFalse();
                assertThat(ByteBuffer.wrap(record.data()).getLong()).isEqualTo(record.id());
                adds.merge(record.id(), 1, Integer::sum);
                highest = Math.max(highest, record.id());
            }
            for (long id : acked) {
                assertThat(adds.get(id)).as("occurrences of acked id %d", id).isEqualTo(1);
                highest = Math.max(highest, id);
            }
            assertThat(journal.nextId()).isGreaterThan(highest);
        }
    }
}
