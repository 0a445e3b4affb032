package io.ferrymq.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.io.IOCriticalErrorListener;
import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;

/**
 * Builds the Artemis journal the way Artemis's JournalStorageManager does for NIO: a buffered
 * {@link NIOSequentialFileFactory} (its TimedBuffer groups the syncs of concurrent writers into one fsync per
 * {@link JournalOptions#bufferTimeoutNanos()} window) under a {@link JournalImpl} that owns its I/O threads.
 * Stateless; thread safe.
 */
final class ArtemisJournals {

    /** Seconds Artemis waits for a free file to be opened before giving up. */
    private static final int FILE_OPEN_TIMEOUT_SECONDS = 5;

    private ArtemisJournals() {
    }

    /** A new, not started journal over {@code options.directory()}, which must exist. */
    static JournalImpl create(JournalOptions options, IOCriticalErrorListener errors) {
        NIOSequentialFileFactory files = new NIOSequentialFileFactory(options.directory().toFile(), true,
                options.bufferSize(), options.bufferTimeoutNanos(), options.maxIO(), false, errors, null);
        files.setDatasync(options.datasync());
        return new JournalImpl(null, options.fileSize(), options.minFiles(), options.poolFiles(),
                options.compactMinFiles(), options.compactPercentage(), FILE_OPEN_TIMEOUT_SECONDS, files,
                options.filePrefix(), options.fileExtension(), options.maxIO(), 0, errors, 0);
    }

    /** How many journal files (by prefix and extension) the directory holds right now. */
    static int countFiles(JournalOptions options) {
        String prefix = options.filePrefix() + "-";
        String suffix = "." + options.fileExtension();
        try (Stream<Path> files = Files.list(options.directory())) {
            return (int) files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
                    .count();
        } catch (IOException e) {
            return -1;
        }
    }
}
