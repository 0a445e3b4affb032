package io.ferrymq.journal;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Settings of one {@link RecordJournal}: where it lives, how big its files are, when it compacts and how it groups
 * syncs. Immutable and thread safe; build one with {@link #builder(Path)}. Every value is checked once, in
 * {@link Builder#build()}, which throws an {@link IllegalArgumentException} naming the bad field.
 *
 * <p>The defaults follow Artemis's NIO journal defaults where they exist (file size, buffer size, timeout, compact
 * settings).
 */
public final class JournalOptions {

    /** Size of each journal data file: 10 MiB. */
    public static final int DEFAULT_FILE_SIZE = 10 * 1024 * 1024;
    /** Smallest allowed {@link #fileSize()}: 64 KiB. */
    public static final int MIN_FILE_SIZE = 64 * 1024;
    /** Number of data files pre-created and always kept: 2 (the smallest Artemis allows). */
    public static final int DEFAULT_MIN_FILES = 2;
    /** Number of reclaimed files kept for reuse instead of being deleted: 10. */
    public static final int DEFAULT_POOL_FILES = 10;
    /** Compaction is considered only past this many data files: 10 (0 disables automatic compaction). */
    public static final int DEFAULT_COMPACT_MIN_FILES = 10;
    /** Compaction runs when live data is below this percentage of the data files' size: 30. */
    public static final int DEFAULT_COMPACT_PERCENTAGE = 30;
    /** Whether sync writes are forced to the device (fsync): true. */
    public static final boolean DEFAULT_DATASYNC = true;
    /** Group commit window of the timed buffer: 500 000 ns (500 µs). */
    public static final int DEFAULT_BUFFER_TIMEOUT_NANOS = 500_000;
    /** Size of the timed write buffer, which is also the largest record: 490 KiB. */
    public static final int DEFAULT_BUFFER_SIZE = 490 * 1024;
    /** Maximum number of concurrent writes handed to the file factory: 500. */
    public static final int DEFAULT_MAX_IO = 500;
    /** Journal file names start with this: {@code ferry}. */
    public static final String DEFAULT_FILE_PREFIX = "ferry";
    /** Journal file names end with this: {@code fmq}. */
    public static final String DEFAULT_FILE_EXTENSION = "fmq";
    /** How many ids {@link RecordJournal#nextId()} reserves with one synced record: 10 000. */
    public static final int DEFAULT_ID_BLOCK_SIZE = 10_000;

    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9_]+");

    private final Path directory;
    private final int fileSize;
    private final int minFiles;
    private final int poolFiles;
    private final int compactMinFiles;
    private final int compactPercentage;
    private final boolean datasync;
    private final int bufferTimeoutNanos;
    private final int bufferSize;
    private final int maxIO;
    private final String filePrefix;
    private final String fileExtension;
    private final int idBlockSize;

    private JournalOptions(Builder b) {
        this.directory = b.directory;
        this.fileSize = b.fileSize;
        this.minFiles = b.minFiles;
        this.poolFiles = b.poolFiles;
        this.compactMinFiles = b.compactMinFiles;
        this.compactPercentage = b.compactPercentage;
        this.datasync = b.datasync;
        this.bufferTimeoutNanos = b.bufferTimeoutNanos;
        this.bufferSize = b.bufferSize;
        this.maxIO = b.maxIO;
        this.filePrefix = b.filePrefix;
        this.fileExtension = b.fileExtension;
        this.idBlockSize = b.idBlockSize;
    }

    /**
     * Starts options for a journal in {@code directory}, every other field at its default.
     *
     * @param directory the journal's own directory; created on open if missing
     * @return a new builder, not thread safe
     */
    public static Builder builder(Path directory) {
        return new Builder().directory(directory);
    }

    /** A builder preset with these options' values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().directory(directory).fileSize(fileSize).minFiles(minFiles).poolFiles(poolFiles)
                .compactMinFiles(compactMinFiles).compactPercentage(compactPercentage).datasync(datasync)
                .bufferTimeoutNanos(bufferTimeoutNanos).bufferSize(bufferSize).maxIO(maxIO)
                .filePrefix(filePrefix).fileExtension(fileExtension).idBlockSize(idBlockSize);
    }

    /** The journal directory; holds the data files and the {@code lock} file. */
    public Path directory() {
        return directory;
    }

    /** Bytes per data file. */
    public int fileSize() {
        return fileSize;
    }

    /** Data files created up front and never removed. */
    public int minFiles() {
        return minFiles;
    }

    /** Reclaimed files kept for reuse; -1 keeps all of them. */
    public int poolFiles() {
        return poolFiles;
    }

    /** Data files needed before automatic compaction is considered; 0 disables it. */
    public int compactMinFiles() {
        return compactMinFiles;
    }

    /** Live-data percentage under which automatic compaction runs, 0..100. */
    public int compactPercentage() {
        return compactPercentage;
    }

    /** Whether sync writes fsync; false only for tests, where a crash of the machine may lose acked writes. */
    public boolean datasync() {
        return datasync;
    }

    /** Group commit window in nanoseconds: a sync write waits at most this long for company before the fsync. */
    public int bufferTimeoutNanos() {
        return bufferTimeoutNanos;
    }

    /** Bytes of the timed write buffer; no record may be larger. */
    public int bufferSize() {
        return bufferSize;
    }

    /** Maximum concurrent writes. */
    public int maxIO() {
        return maxIO;
    }

    /** File name prefix, letters, digits and underscores. */
    public String filePrefix() {
        return filePrefix;
    }

    /** File name extension without the dot, letters, digits and underscores. */
    public String fileExtension() {
        return fileExtension;
    }

    /** Ids reserved per synced id-block record. */
    public int idBlockSize() {
        return idBlockSize;
    }

    @Override
    public String toString() {
        return "JournalOptions[directory=" + directory + ", fileSize=" + fileSize + ", minFiles=" + minFiles
                + ", poolFiles=" + poolFiles + ", compactMinFiles=" + compactMinFiles + ", compactPercentage="
                + compactPercentage + ", datasync=" + datasync + ", bufferTimeoutNanos=" + bufferTimeoutNanos
                + ", bufferSize=" + bufferSize + ", maxIO=" + maxIO + ", filePrefix=" + filePrefix
                + ", fileExtension=" + fileExtension + ", idBlockSize=" + idBlockSize + "]";
    }

    /** Mutable builder of {@link JournalOptions}; not thread safe. Setters only store, {@link #build()} checks. */
    public static final class Builder {
        private Path directory;
        private int fileSize = DEFAULT_FILE_SIZE;
        private int minFiles = DEFAULT_MIN_FILES;
        private int poolFiles = DEFAULT_POOL_FILES;
        private int compactMinFiles = DEFAULT_COMPACT_MIN_FILES;
        private int compactPercentage = DEFAULT_COMPACT_PERCENTAGE;
        private boolean datasync = DEFAULT_DATASYNC;
        private int bufferTimeoutNanos = DEFAULT_BUFFER_TIMEOUT_NANOS;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private int maxIO = DEFAULT_MAX_IO;
        private String filePrefix = DEFAULT_FILE_PREFIX;
        private String fileExtension = DEFAULT_FILE_EXTENSION;
        private int idBlockSize = DEFAULT_ID_BLOCK_SIZE;

        private Builder() {
        }

        /** @see JournalOptions#directory() */
        public Builder directory(Path value) {
            this.directory = value;
            return this;
        }

        /** @see JournalOptions#fileSize() */
        public Builder fileSize(int value) {
            this.fileSize = value;
            return this;
        }

        /** @see JournalOptions#minFiles() */
        public Builder minFiles(int value) {
            this.minFiles = value;
            return this;
        }

        /** @see JournalOptions#poolFiles() */
        public Builder poolFiles(int value) {
            this.poolFiles = value;
            return this;
        }

        /** @see JournalOptions#compactMinFiles() */
        public Builder compactMinFiles(int value) {
            this.compactMinFiles = value;
            return this;
        }

        /** @see JournalOptions#compactPercentage() */
        public Builder compactPercentage(int value) {
            this.compactPercentage = value;
            return this;
        }

        /** @see JournalOptions#datasync() */
        public Builder datasync(boolean value) {
            this.datasync = value;
            return this;
        }

        /** @see JournalOptions#bufferTimeoutNanos() */
        public Builder bufferTimeoutNanos(int value) {
            this.bufferTimeoutNanos = value;
            return this;
        }

        /** @see JournalOptions#bufferSize() */
        public Builder bufferSize(int value) {
            this.bufferSize = value;
            return this;
        }

        /** @see JournalOptions#maxIO() */
        public Builder maxIO(int value) {
            this.maxIO = value;
            return this;
        }

        /** @see JournalOptions#filePrefix() */
        public Builder filePrefix(String value) {
            this.filePrefix = value;
            return this;
        }

        /** @see JournalOptions#fileExtension() */
        public Builder fileExtension(String value) {
            this.fileExtension = value;
            return this;
        }

        /** @see JournalOptions#idBlockSize() */
        public Builder idBlockSize(int value) {
            this.idBlockSize = value;
            return this;
        }

        /**
         * Checks every field and returns the immutable options.
         *
         * @throws IllegalArgumentException naming the first field that is missing or out of range
         */
        public JournalOptions build() {
            require(directory != null, "directory", "is required");
            require(fileSize >= MIN_FILE_SIZE, "fileSize", "must be at least " + MIN_FILE_SIZE + ", was " + fileSize);
            require(minFiles >= 2, "minFiles", "must be at least 2, was " + minFiles);
            require(poolFiles >= -1, "poolFiles", "must be -1 (unbounded) or more, was " + poolFiles);
            require(compactMinFiles >= 0, "compactMinFiles", "must be 0 (disabled) or more, was " + compactMinFiles);
            require(compactPercentage >= 0 && compactPercentage <= 100, "compactPercentage",
                    "must be within 0..100, was " + compactPercentage);
            require(bufferTimeoutNanos > 0, "bufferTimeoutNanos", "must be positive, was " + bufferTimeoutNanos);
            require(bufferSize > 0 && bufferSize <= fileSize, "bufferSize",
                    "must be within 1..fileSize (" + fileSize + "), was " + bufferSize);
            require(maxIO >= 1, "maxIO", "must be at least 1, was " + maxIO);
            require(filePrefix != null && NAME_PART.matcher(filePrefix).matches(), "filePrefix",
                    "must be letters, digits or '_', was '" + filePrefix + "'");
            require(fileExtension != null && NAME_PART.matcher(fileExtension).matches(), "fileExtension",
                    "must be letters, digits or '_', was '" + fileExtension + "'");
            require(idBlockSize >= 2, "idBlockSize", "must be at least 2, was " + idBlockSize);
            return new JournalOptions(this);
        }

        private static void require(boolean ok, String field, String detail) {
            if (!ok) {
                throw new IllegalArgumentException("JournalOptions." + field + " " + detail);
            }
        }
    }
}
