package io.ferrymq.addressing.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared delegate executor (Artemis's Actor, Moquette's
 * session loop): everything a queue owns is confined to its ordered executor, so it needs no locks.
 *
 * <p>{@link #execute} may be called from any thread, including from a task of this executor, in which case the
 * new task runs after the current one (never re-entrantly). With a same-thread delegate, tasks run on the caller's
 * thread, which makes engine tests deterministic. After {@value #BATCH} tasks a drain yields the thread back to
 * the delegate so one busy queue does not starve the others.
 */
final class OrderedExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedExecutor.class);
    private static final int BATCH = 1024;

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    OrderedExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            delegate.execute(drain);
        }
    }

    private void drain() {
        int done = 0;
        while (true) {
            Runnable task = tasks.poll();
            if (task == null) {
                scheduled.set(false);
                if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("FE3001 engine task failed", t);
            }
            if (++done >= BATCH && !tasks.isEmpty()) {
                delegate.execute(drain);
                return;
            }
        }
    }
}
