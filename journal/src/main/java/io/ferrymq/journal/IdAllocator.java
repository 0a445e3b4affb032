package io.ferrymq.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.activemq.artemis.core.journal.IOCompletion;
import org.apache.activemq.artemis.core.journal.Journal;
import org.apache.activemq.artemis.core.journal.impl.dataformat.ByteArrayEncoding;

/**
 * Hands out unique, increasing ids that survive restarts and crashes. Ids come in blocks: before the first id of a
 * block is returned, an {@link RecordTypes#ID_BLOCK} record naming the block's end is appended and synced, so after
 * any crash the journal knows an upper bound of every id ever returned. Only the newest block record is kept; older
 * ones are deleted once a newer one is on disk.
 *
 * <p>Thread safe: {@link #next()} is synchronized, and a caller that exhausts a block waits for one fsync while holding
 * the lock. The wait does not depend on any caller thread (the sync completes on Artemis's own threads), so it may be
 * called from a write future's dependent stage.
 */
final class IdAllocator {

    private final Journal journal;
    private final Path directory;
    private final int blockSize;
    private final List<Long> staleBlocks = new ArrayList<>();
    private long next;
    private long limit;

    IdAllocator(Journal journal, Path directory, int blockSize) {
        this.journal = journal;
        this.directory = directory;
        this.blockSize = blockSize;
    }

    /**
     * Sets where ids continue after a load.
     *
     * @param nextFree the lowest id that may be handed out: above every id and block end found
     * @param blockRecordIds the id-block records found, deleted once the first new block is synced
     */
    synchronized void recover(long nextFree, List<Long> blockRecordIds) {
        next = nextFree;
        limit = nextFree;
        staleBlocks.addAll(blockRecordIds);
    }

    /**
     * The next id; reserves a new block first when the current one is used up.
     *
     * @throws JournalException when the block record cannot be synced; no id of that block is ever handed out
     */
    synchronized long next() {
        if (next >= limit) {
            reserve();
        }
        return next++;
    }

    private void reserve() {
        long start = next;
        long end = start + blockSize;
        CompletableFuture<Void> synced = new CompletableFuture<>();
        try {
            journal.appendAddRecord(start, RecordTypes.ID_BLOCK, new ByteArrayEncoding(encode(end)), true,
                    new SyncCompletion(synced));
            synced.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            skip(start, end);
            throw new JournalException("interrupted while reserving ids " + start + ".." + end + " in " + directory);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            JournalLog.idBlockFailed(directory, start, cause);
            skip(start, end);
            throw new JournalException("cannot reserve ids " + start + ".." + end + " in " + directory, cause);
        }
        for (long old : staleBlocks) {
            deleteQuietly(old);
        }
        staleBlocks.clear();
        staleBlocks.add(start);
        next = start + 1;
        limit = end;
    }

    /** Never reuses a block whose record may still reach the disk. */
    private void skip(long start, long end) {
        staleBlocks.add(start);
        next = end;
        limit = end;
    }

    private void deleteQuietly(long blockRecordId) {
        try {
            journal.appendDeleteRecord(blockRecordId, false);
        } catch (Exception e) {
            // harmless: the stale block record is deleted again after the next load
        }
    }

    static byte[] encode(long blockEnd) {
        return ByteBuffer.allocate(Long.BYTES).putLong(blockEnd).array();
    }

    static long decode(byte[] data) {
        return data.length == Long.BYTES ? ByteBuffer.wrap(data).getLong() : -1;
    }

    /** Completes a future directly on the Artemis thread that reports the sync. */
    private record SyncCompletion(CompletableFuture<Void> synced) implements IOCompletion {
        @Override
        public void storeLineUp() {
        }

        @Override
        public void done() {
            synced.complete(null);
        }

        @Override
        public void onError(int errorCode, String errorMessage) {
            synced.completeExceptionally(new JournalException("I/O error " + errorCode + ": " + errorMessage));
        }
    }
}
