package io.ferrymq.journal;

import java.util.concurrent.CompletableFuture;

import org.apache.activemq.artemis.core.journal.IOCompletion;
import org.apache.activemq.artemis.core.journal.JournalUpdateCallback;

/**
 * The Artemis callback of one write, bridged to the {@link CompletableFuture} handed to the caller. Artemis calls
 * {@link #done()} once the write is in the file, and synced when the write asked for it; {@link #onError} on an I/O
 * failure. For updates and deletes it also calls {@link #onUpdate} with {@code false} before {@code done()} when the
 * record does not exist, and the future then fails with {@link RecordNotFoundException}.
 *
 * <p>Called on Artemis's append or timed-buffer threads; never blocks them: the future is completed by
 * {@link WriteCompletions} on its own thread. Completes at most once.
 */
final class PendingWrite implements IOCompletion, JournalUpdateCallback {

    private final WriteCompletions owner;
    private final long id;
    private final CompletableFuture<Void> future = new CompletableFuture<>();
    private volatile boolean missing;

    PendingWrite(WriteCompletions owner, long id) {
        this.owner = owner;
        this.id = id;
    }

    /** The future the caller waits on. */
    CompletableFuture<Void> future() {
        return future;
    }

    @Override
    public void storeLineUp() {
        // no operation context to line up: each write has its own future
    }

    @Override
    public void onUpdate(long record, boolean found) {
        if (!found) {
            missing = true;
        }
    }

    @Override
    public void done() {
        owner.finish(this, missing ? new RecordNotFoundException(id) : null);
    }

    @Override
    public void onError(int errorCode, String errorMessage) {
        owner.finish(this, new JournalException("journal write of id " + id + " failed with I/O error "
                + errorCode + ": " + errorMessage));
    }

    /** Fails the write with {@code cause}, as thrown by an append that could not even be queued. */
    void fail(Throwable cause) {
        owner.finish(this, cause instanceof JournalException ? cause
                : new JournalException("journal write of id " + id + " failed: " + cause, cause));
    }
}
