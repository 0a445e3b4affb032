package io.ferrymq.server.config;

import java.time.Duration;

/**
 * The message journal (Artemis journal semantics; it lives in {@code <dataDir>/journal}).
 *
 * @param fileSize size of each journal file in bytes
 * @param minFiles journal files created up front
 * @param poolFiles empty files kept for reuse
 * @param compactMinFiles compaction is considered only with at least this many files
 * @param compactPercentage compact when live data is below this percentage of the journal (0-100; 0 never compacts)
 * @param bufferTimeout how long writes are gathered before one sync (group commit)
 * @param datasync sync every durable write to the disk (turn off only for tests)
 */
public record JournalConfig(
        int fileSize,
        int minFiles,
        int poolFiles,
        int compactMinFiles,
        int compactPercentage,
        Duration bufferTimeout,
        boolean datasync) {

    public static final int DEFAULT_FILE_SIZE = 10 * 1024 * 1024;
    public static final int DEFAULT_MIN_FILES = 2;
    public static final int DEFAULT_POOL_FILES = 10;
    public static final int DEFAULT_COMPACT_MIN_FILES = 10;
    public static final int DEFAULT_COMPACT_PERCENTAGE = 30;
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofNanos(500_000);
    public static final boolean DEFAULT_DATASYNC = true;

    public static final JournalConfig DEFAULTS = new JournalConfig(
            DEFAULT_FILE_SIZE, DEFAULT_MIN_FILES, DEFAULT_POOL_FILES, DEFAULT_COMPACT_MIN_FILES,
            DEFAULT_COMPACT_PERCENTAGE, DEFAULT_BUFFER_TIMEOUT, DEFAULT_DATASYNC);

    public JournalConfig {
        ValueTypes.JOURNAL_FILE_SIZE.require("fileSize", fileSize);
        ValueTypes.MIN_FILES.require("minFiles", minFiles);
        ValueTypes.NON_NEGATIVE_INT.require("poolFiles", poolFiles);
        ValueTypes.NON_NEGATIVE_INT.require("compactMinFiles", compactMinFiles);
        ValueTypes.PERCENTAGE.require("compactPercentage", compactPercentage);
        ValueTypes.DURATION.require("bufferTimeout", bufferTimeout);
    }
}
