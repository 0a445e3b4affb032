package io.ferrymq.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.activemq.artemis.core.journal.JournalLoadInformation;
import org.apache.activemq.artemis.core.journal.PreparedTransactionInfo;
import org.apache.activemq.artemis.core.journal.RecordInfo;
import org.apache.activemq.artemis.core.journal.impl.JournalFile;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.journal.impl.dataformat.ByteArrayEncoding;

/**
 * Durable, append-only storage of records on the Artemis journal. A record is an id, a type and an opaque payload;
 * the journal knows nothing of messages or protocols.
 *
 * <p>Lifecycle: {@link #open} → {@link #load()} exactly once → writes and {@link #nextId()} → {@link #close()}.
 * Writes before {@code load()} or after {@code close()} throw {@link IllegalStateException}.
 *
 * <p>Ids: record ids and transaction ids should come from {@link #nextId()}; ids are unique across records and
 * transactions and are never reused, even after a crash. Types: callers use record types 1..99; other values throw
 * {@link IllegalArgumentException}.
 *
 * <p>Durability: each write returns a future that completes once the record is written and, when {@code sync} is
 * true, forced to the device. Concurrent sync writes share one fsync (group commit through Artemis's TimedBuffer), so
 * no caller thread ever waits for an fsync. Futures complete exceptionally with a {@link JournalException} on I/O
 * errors and when the journal is closed first. They complete on the journal's completer thread, in write order:
 * dependent stages should be quick or hop to an executor of their own.
 *
 * <p>Thread safety: every method is thread safe. Writes from one thread are appended in call order.
 */
public final class RecordJournal implements AutoCloseable {

    private enum State { OPENED, LOADED, CLOSED }

    /** How long {@link #compact()} waits for the compactor, in seconds. */
    private static final int COMPACT_TIMEOUT_SECONDS = 120;

    private final JournalOptions options;
    private final Path directory;
    private final DirectoryLock lock;
    private final JournalImpl journal;
    private final WriteCompletions completions;
    private final IdAllocator ids;
    private final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    private volatile State state = State.OPENED;

    private RecordJournal(JournalOptions options, DirectoryLock lock, JournalImpl journal) {
        this.options = options;
        this.directory = options.directory();
        this.lock = lock;
        this.journal = journal;
        this.completions = new WriteCompletions(directory.getFileName() == null ? "" : directory.getFileName()
                .toString());
        this.ids = new IdAllocator(journal, directory, options.idBlockSize());
    }

    /**
     * Creates the directory if needed, locks it and starts the journal. Call {@link #load()} next.
     *
     * @param options validated options
     * @return the open journal, owned by the caller, who must {@link #close()} it
     * @throws JournalException naming the directory when it cannot be created, is used by another journal in this or
     *     another JVM, or the journal cannot start
     */
    public static RecordJournal open(JournalOptions options) {
        Objects.requireNonNull(options, "options");
        Path dir = options.directory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create journal directory " + dir, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            JournalImpl journal = ArtemisJournals.create(options,
                    (cause, message, file) -> JournalLog.ioFailure(dir, file, message, cause));
            journal.start();
            JournalLog.opened(dir, ArtemisJournals.countFiles(options));
            return new RecordJournal(options, lock, journal);
        } catch (RuntimeException e) {
            lock.release();
            throw e instanceof JournalException ? e : new JournalException("cannot start journal in " + dir, e);
        }
    }

    /**
     * Reads the journal: every committed record and prepared transaction. Must be called exactly once, before any
     * write or {@link #nextId()}. Incomplete transactions (neither prepared nor committed) are discarded and logged as
     * FJ2002.
     *
     * @return what the journal holds; see {@link Recovery} for order and {@link RecoveredRecord} for updates
     * @throws IllegalStateException when called twice or after close
     * @throws JournalException when the files cannot be read
     */
    public Recovery load() {
        Lock write = stateLock.writeLock();
        write.lock();
        try {
            if (state != State.OPENED) {
                throw new IllegalStateException("load() must be called once, right after open(); journal "
                        + directory + " is " + state);
            }
            long start = System.nanoTime();
            List<RecordInfo> committed = new ArrayList<>();
            List<PreparedTransactionInfo> prepared = new ArrayList<>();
            JournalLoadInformation info;
            try {
                info = journal.load(committed, prepared, (txId, records, deletes) ->
                        JournalLog.discardedTransaction(directory, txId, records.size(), deletes.size()), true);
            } catch (Exception e) {
                throw new JournalException("cannot load journal " + directory, e);
            }
            RecoveryReader reader = new RecoveryReader(directory);
            Recovery recovery = reader.read(committed, prepared);
            ids.recover(reader.nextFreeId(info.getMaxID()), reader.blockRecordIds());
            state = State.LOADED;
            JournalLog.loaded(directory, recovery.records().size(), recovery.prepared().size(),
                    (System.nanoTime() - start) / 1_000_000);
            return recovery;
        } finally {
            write.unlock();
        }
    }

    /**
     * A new id, larger than every id this directory ever handed out, also across crashes. Usually returns at once;
     * once per {@link JournalOptions#idBlockSize()} ids it waits for one synced write that reserves the next block.
     *
     * @throws IllegalStateException before {@link #load()} or after close
     * @throws JournalException when the reservation cannot be written
     */
    public long nextId() {
        Lock read = readLoaded();
        try {
            return ids.next();
        } finally {
            read.unlock();
        }
    }

    /**
     * Appends a new record.
     *
     * @param id a new record id, from {@link #nextId()}; must not be in use by a live record
     * @param type the caller's type, 1..99
     * @param data the payload, not copied: do not modify it until the future completes
     * @param sync whether the future waits for the record to be forced to the device
     * @return completes when written (and synced when {@code sync})
     */
    public CompletableFuture<Void> add(long id, byte type, byte[] data, boolean sync) {
        RecordTypes.checkUser(type);
        ByteArrayEncoding payload = new ByteArrayEncoding(Objects.requireNonNull(data, "data"));
        return write(id, w -> journal.appendAddRecord(id, type, payload, sync, w));
    }

    /**
     * Appends a new payload for an existing record; on recovery it follows the record's add as a
     * {@link RecoveredRecord} with {@code update == true}.
     *
     * @param id an id previously added and not deleted
     * @param type the caller's type, 1..99 (usually the record's)
     * @param data the full new payload, not copied: do not modify it until the future completes
     * @param sync whether the future waits for the record to be forced to the device
     * @return completes when written; fails with {@link RecordNotFoundException} when there is no such record
     */
    public CompletableFuture<Void> update(long id, byte type, byte[] data, boolean sync) {
        RecordTypes.checkUser(type);
        ByteArrayEncoding payload = new ByteArrayEncoding(Objects.requireNonNull(data, "data"));
        return write(id, w -> journal.tryAppendUpdateRecord(id, type, payload, sync, false, w, w));
    }

    /**
     * Deletes a record and its updates; it no longer appears in {@link #load()}.
     *
     * @param id an id previously added and not deleted
     * @param sync whether the future waits for the delete to be forced to the device
     * @return completes when written; fails with {@link RecordNotFoundException} when there is no such record
     */
    public CompletableFuture<Void> delete(long id, boolean sync) {
        return write(id, w -> journal.tryAppendDeleteRecord(id, sync, w, w));
    }

    /**
     * Appends an add to transaction {@code txId}, starting the transaction if it is new. Invisible until
     * {@link #commit}. Does not wait for I/O; a failure surfaces in the transaction's prepare or commit future.
     *
     * @param txId the transaction id, from {@link #nextId()}
     * @param id a new record id, from {@link #nextId()}
     * @param type the caller's type, 1..99
     * @param data the payload, not copied: do not modify it until the transaction is resolved
     */
    public void addTx(long txId, long id, byte type, byte[] data) {
        RecordTypes.checkUser(type);
        ByteArrayEncoding payload = new ByteArrayEncoding(Objects.requireNonNull(data, "data"));
        append(txId, () -> journal.appendAddRecordTransactional(txId, id, type, payload));
    }

    /** Like {@link #addTx} for an update of an existing record, applied at commit. */
    public void updateTx(long txId, long id, byte type, byte[] data) {
        RecordTypes.checkUser(type);
        ByteArrayEncoding payload = new ByteArrayEncoding(Objects.requireNonNull(data, "data"));
        append(txId, () -> journal.appendUpdateRecordTransactional(txId, id, type, payload));
    }

    /** Like {@link #addTx} for a delete of an existing record, applied at commit. */
    public void deleteTx(long txId, long id) {
        append(txId, () -> journal.appendDeleteRecordTransactional(txId, id));
    }

    /**
     * Prepares transaction {@code txId} (two-phase commit): after this the transaction survives restarts and appears in
     * {@link Recovery#prepared()} until committed or rolled back. Always synced.
     *
     * @param xid bytes stored with the prepare, returned as {@link PreparedTransaction#xid()}
     * @return completes when the prepare is on disk; fails when the transaction is unknown or failed
     */
    public CompletableFuture<Void> prepare(long txId, byte[] xid) {
        ByteArrayEncoding payload = new ByteArrayEncoding(Objects.requireNonNull(xid, "xid"));
        return write(txId, w -> journal.appendPrepareRecord(txId, payload, true, w));
    }

    /**
     * Commits transaction {@code txId}, prepared or not: its records become visible atomically.
     *
     * @param sync whether the future waits for the commit to be forced to the device
     * @return completes when written; fails when the transaction is unknown (it has no records) or failed
     */
    public CompletableFuture<Void> commit(long txId, boolean sync) {
        return write(txId, w -> journal.appendCommitRecord(txId, sync, w, true));
    }

    /**
     * Rolls transaction {@code txId} back, prepared or not: its records are dropped. Not synced: a rollback lost in a
     * crash has the same outcome, except that a prepared transaction is still prepared after the restart.
     *
     * @return completes when written; fails when the transaction is unknown
     */
    public CompletableFuture<Void> rollback(long txId) {
        return write(txId, w -> journal.appendRollbackRecord(txId, false, w));
    }

    /**
     * Blocks until every write appended before the call is written and forced to the device (when
     * {@link JournalOptions#datasync()}), also those appended with {@code sync == false}.
     *
     * @throws IllegalStateException before {@link #load()} or after close
     */
    public void flush() {
        Lock read = readLoaded();
        try {
            journal.flush();
            JournalFile current = journal.getCurrentFile();
            if (current != null) {
                current.getFile().sync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while flushing journal " + directory);
        } catch (IOException e) {
            throw new JournalException("cannot flush journal " + directory, e);
        } finally {
            read.unlock();
        }
    }

    /** The number of data files holding records now (free, reusable files not counted). Thread safe. */
    public int dataFileCount() {
        return journal.getDataFilesCount();
    }

    /**
     * Compacts now and blocks until done: live records are copied into fresh files and the old ones freed. The journal
     * also compacts by itself when it has more than {@link JournalOptions#compactMinFiles()} data files with less than
     * {@link JournalOptions#compactPercentage()} percent live data; this method is for tests and tools.
     *
     * @throws IllegalStateException before {@link #load()} or after close
     * @throws JournalException when compaction fails or takes longer than 2 minutes
     */
    public void compact() {
        Lock read = readLoaded();
        try {
            int before = journal.getDataFilesCount();
            long start = System.nanoTime();
            journal.scheduleCompactAndBlock(COMPACT_TIMEOUT_SECONDS);
            JournalLog.compacted(directory, before, journal.getDataFilesCount(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception e) {
            throw new JournalException("compaction of journal " + directory + " failed", e);
        } finally {
            read.unlock();
        }
    }

    /** The options this journal was opened with. */
    public JournalOptions options() {
        return options;
    }

    /**
     * Flushes, stops the journal and releases the directory lock. Writes still pending afterwards fail with a
     * {@link JournalException}. Idempotent; blocks while a {@link #load()}, {@link #compact()} or id reservation is
     * running.
     */
    @Override
    public void close() {
        Lock write = stateLock.writeLock();
        write.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            try {
                journal.stop();
            } catch (RuntimeException e) {
                JournalLog.stopFailed(directory, e);
            }
            int abandoned = completions.failAll("journal " + directory + " closed before the write completed");
            if (abandoned > 0) {
                JournalLog.abandonedWrites(directory, abandoned);
            }
        } finally {
            write.unlock();
        }
        completions.shutdown();
        lock.release();
        JournalLog.closed(directory);
    }

    @Override
    public String toString() {
        return "RecordJournal[" + directory + ", " + state + "]";
    }

    private CompletableFuture<Void> write(long id, Append append) {
        Lock read = readLoaded();
        try {
            PendingWrite pending = completions.begin(id);
            try {
                append.to(pending);
            } catch (Exception e) {
                pending.fail(e);
            }
            return pending.future();
        } finally {
            read.unlock();
        }
    }

    private void append(long txId, TxAppend append) {
        Lock read = readLoaded();
        try {
            append.run();
        } catch (Exception e) {
            throw new JournalException("cannot append to transaction " + txId + " in journal " + directory, e);
        } finally {
            read.unlock();
        }
    }

    private Lock readLoaded() {
        Lock read = stateLock.readLock();
        read.lock();
        if (state != State.LOADED) {
            read.unlock();
            throw new IllegalStateException("journal " + directory + " is " + state + "; "
                    + (state == State.OPENED ? "call load() first" : "it cannot be used after close()"));
        }
        return read;
    }

    /** One append of Artemis reporting to {@code pending}. */
    @FunctionalInterface
    private interface Append {
        void to(PendingWrite pending) throws Exception;
    }

    /** One transactional append; Artemis reports its failure to the transaction. */
    @FunctionalInterface
    private interface TxAppend {
        void run() throws Exception;
    }
}
