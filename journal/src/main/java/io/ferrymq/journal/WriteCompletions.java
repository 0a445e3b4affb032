package io.ferrymq.journal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tracks every write between its append and its completion, and completes the callers' futures on one dedicated
 * thread ({@code ferry-journal-completer}) in the order Artemis reports them. Dependent stages the caller attaches
 * without an executor run there, never on Artemis's I/O threads, so a slow or blocking stage delays other futures but
 * not the journal. Writes still pending when the journal closes are failed by {@link #failAll}. Thread safe.
 */
final class WriteCompletions {

    private final Set<PendingWrite> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService completer;
    private volatile Thread completerThread;

    WriteCompletions(String name) {
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-journal-completer-" + name);
            t.setDaemon(true);
            completerThread = t;
            return t;
        });
    }

    /** Registers a new write of record or transaction {@code id}. */
    PendingWrite begin(long id) {
        PendingWrite write = new PendingWrite(this, id);
        pending.add(write);
        return write;
    }

    /** Completes {@code write} normally when {@code cause} is null, else exceptionally; later calls are ignored. */
    void finish(PendingWrite write, Throwable cause) {
        if (!pending.remove(write)) {
            return;
        }
        Runnable complete = cause == null
                ? () -> write.future().complete(null)
                : () -> write.future().completeExceptionally(cause);
        try {
            completer.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run();
        }
    }

    /**
     * Fails every write still pending with a {@link JournalException}; called once the journal has stopped and can no
     * longer complete them.
     *
     * @return how many writes were failed
     */
    int failAll(String reason) {
        int count = 0;
        for (PendingWrite write : pending) {
            write.fail(new JournalException(reason));
            count++;
        }
        return count;
    }

    /**
     * Completes what is queued, then stops the completer thread, waiting up to 10 s for running stages (not at all
     * when called from a stage on the completer thread itself).
     */
    void shutdown() {
        completer.shutdown();
        if (Thread.currentThread() == completerThread) {
            return;
        }
        try {
            completer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
