package io.ferrymq.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive {@link FileLock} on the {@code lock} file of a journal directory, so that one directory is used by at
 * most one {@link RecordJournal} in any JVM of the machine. The operating system drops the lock when the process dies,
 * so a crashed broker does not leave the directory locked. Thread safe; {@link #release()} is idempotent.
 */
final class DirectoryLock {

    /** Name of the lock file inside the journal directory. */
    static final String FILE_NAME = "lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock without waiting.
     *
     * @throws JournalException naming the directory when another journal, in this or another JVM, holds it, or when
     *     the lock file cannot be opened
     */
    static DirectoryLock acquire(Path directory) {
        FileChannel channel;
        try {
            channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new JournalException("cannot open the lock file of journal directory " + directory, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new JournalException("journal directory " + directory
                        + " is locked by another process; only one journal may use a directory");
            }
            return new DirectoryLock(directory, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new JournalException("journal directory " + directory
                    + " is already open in this JVM; only one journal may use a directory", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new JournalException("cannot lock journal directory " + directory, e);
        } catch (JournalException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Releases the lock and closes the lock file; later calls do nothing. */
    synchronized void release() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            JournalLog.ioFailure(directory, FILE_NAME, "cannot release the lock", e);
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do: the lock goes with the channel
        }
    }
}
