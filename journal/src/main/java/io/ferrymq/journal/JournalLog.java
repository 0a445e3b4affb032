package io.ferrymq.journal;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal module's log messages, each with a stable id an operator can search for: FJ1xxx lifecycle (info),
 * FJ2xxx warnings, FJ3xxx errors. Ids are never reused for a different meaning. Thread safe.
 */
final class JournalLog {

    private static final Logger LOG = LoggerFactory.getLogger(RecordJournal.class);

    private JournalLog() {
    }

    static void opened(Path dir, int files) {
        LOG.info("FJ1001 Journal opened in {} with {} data files", dir, files);
    }

    static void loaded(Path dir, int records, int prepared, long millis) {
        LOG.info("FJ1002 Journal {} loaded {} records and {} prepared transactions in {} ms",
                dir, records, prepared, millis);
    }

    static void closed(Path dir) {
        LOG.info("FJ1003 Journal {} closed", dir);
    }

    static void compacted(Path dir, int filesBefore, int filesAfter, long millis) {
        LOG.info("FJ1004 Journal {} compacted from {} to {} data files in {} ms", dir, filesBefore, filesAfter, millis);
    }

    static void unknownRecordType(Path dir, long id, byte type) {
        LOG.warn("FJ2001 Journal {} skipped record id {} with type {} that is neither a user nor an internal type",
                dir, id, type);
    }

    static void discardedTransaction(Path dir, long txId, int records, int deletes) {
        LOG.warn("FJ2002 Journal {} discarded incomplete transaction {} ({} records, {} deletes)",
                dir, txId, records, deletes);
    }

    static void abandonedWrites(Path dir, int count) {
        LOG.warn("FJ2003 Journal {} closed with {} writes not completed; their futures failed", dir, count);
    }

    static void ioFailure(Path dir, String file, String message, Throwable cause) {
        LOG.error("FJ3001 Journal {} I/O failure on {}: {}", dir, file, message, cause);
    }

    static void stopFailed(Path dir, Throwable cause) {
        LOG.error("FJ3002 Journal {} did not stop cleanly", dir, cause);
    }

    static void idBlockFailed(Path dir, long start, Throwable cause) {
        LOG.error("FJ3003 Journal {} could not persist the id block starting at {}", dir, start, cause);
    }
}
